package org.cddsdecrypt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.cddsdecrypt.export.ExportReader;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.output.ConcatenatingSink;
import org.cddsdecrypt.output.Permissions;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.io.Untrusted;
import org.cddsdecrypt.zip.EntrySelection;
import org.cddsdecrypt.zip.SelectingSink;
import org.cddsdecrypt.zip.ZipStreamExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code extract}: the export's folder tree (or some of it), verified and moved into place atomically. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Finds every part of the export beside PART, checks the set is complete, decrypts the parts "
                + "in order and extracts the rejoined zip into DIR, then prints DIR.",
            "Nothing appears at DIR until every part decrypted, every CRC matched and the zip's central directory "
                    + "agreed; on failure nothing is left behind. Files are readable by their owner only.",
            "With --stdout, the chosen files' contents are streamed to standard output instead, and no folder is "
                    + "written."},
        footerHeading = "%nSelection (--include, --exclude):%n",
        footer = {SelectionOptions.PATTERNS, SelectionOptions.CHOICE, SelectionOptions.STDOUT,
            "%nExamples:%n"
                    + "  cdds-decrypt extract -k my.key ~/Downloads/export-2b71….z07.smime%n"
                    + "  cdds-decrypt extract -k keys/ --passin env:KEY_PASS -o /data/cdds/2026-11 \\%n"
                    + "      export-2b71….zip.smime%n"
                    + "  cdds-decrypt extract -k my.key --include 'ContactHistory/2026/11/**' \\%n"
                    + "      --exclude '**/*.tmp' export-2b71….zip.smime%n"
                    + "  cdds-decrypt extract -k my.key --stdout --include '**/*.jsonl' \\%n"
                    + "      export-2b71….zip.smime | jq ."})
public final class ExtractCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Mixin
    SelectionOptions selectionOptions;

    @Mixin
    ExtractionOptions extraction;

    @Mixin
    ProgressOptions progressOptions;

    @Mixin
    Verbosity verbosity;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Folder to create. Default: ./<export-name>/ (e.g. ./export-2b71…/).")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Replace an existing DIR that cdds-decrypt wrote (it holds "
            + "a .cdds-decrypt-tree file), only once the new tree is complete. Any other non-empty folder is never "
            + "replaced.")
    boolean force;

    @Option(names = "--umask", description = "Create files and folders with the process umask instead of "
            + "owner-only modes.")
    boolean umask;

    @Option(names = "--stdout", description = "Write the contents of the chosen files to standard output, one after "
            + "another in archive order, instead of creating DIR; nothing else goes to stdout. Check the exit "
            + "status: a CRC failure is found only after the file's bytes were sent.")
    boolean stdout;

    @Parameters(paramLabel = "PART", arity = "1..*", description = "Any one part of the export (.zNN.smime or "
            + ".zip.smime, or a decrypted .zNN/.zip segment); " + ExportCommands.MORE_PARTS)
    List<String> parts;

    @Override
    public Integer call() throws Exception {
        if (stdout && (output != null || force || umask)) {
            throw new UsageException("--stdout writes no folder: leave out -o, --force and --umask");
        }
        EntrySelection selection = selectionOptions.selection();
        if (stdout) {
            streamToStdout(spec, keyOptions, extraction, progressOptions, verbosity, parts, selection);
            return 0;
        }
        Environment env = Environment.of(spec);
        ExportSet set = ExportCommands.exportOf(parts);
        Path destination = output != null ? output : Path.of(set.name());
        Permissions permissions = umask ? Permissions.UMASK : Permissions.OWNER_ONLY;
        ZipStreamExtractor.Result result;
        SelectingSink[] sink = new SelectingSink[1];
        try (Progress progress = progressOptions.start(env, verbosity, ExportReader.bytesToRead(set))) {
            result = ExportCommands.reader(env, keyOptions, verbosity, extraction.limits(), progress)
                    .extractTree(set, destination, force, permissions,
                            tree -> sink[0] = new SelectingSink(tree, selection));
            progress.finish();
        }
        report(env, verbosity, set, selection, result, sink[0]);
        if (!verbosity.quiet) {
            spec.commandLine().getOut().println(Untrusted.text(destination.toString()));
        }
        return 0;
    }

    /** {@code extract --stdout} and {@code cat}: the chosen files' bytes to stdout, nothing else there. */
    static void streamToStdout(CommandSpec spec, KeyOptions keyOptions, ExtractionOptions extraction,
            ProgressOptions progressOptions, Verbosity verbosity, List<String> parts, EntrySelection selection)
            throws java.io.IOException {
        Environment env = Environment.of(spec);
        ExportSet set = ExportCommands.exportOf(parts);
        ZipStreamExtractor.Result result;
        SelectingSink sink = new SelectingSink(new ConcatenatingSink(env.stdout()), selection);
        try (Progress progress = progressOptions.start(env, verbosity, ExportReader.bytesToRead(set))) {
            result = ExportCommands.reader(env, keyOptions, verbosity, extraction.limits(), progress)
                    .extract(set, sink);
            progress.finish();
        }
        report(env, verbosity, set, selection, result, sink);
    }

    private static void report(Environment env, Verbosity verbosity, ExportSet set, EntrySelection selection,
            ZipStreamExtractor.Result result, SelectingSink sink) {
        Consumer<String> warn = env.warnings(verbosity);
        for (String pattern : selection.unmatchedIncludes()) {
            warn.accept("--include '" + pattern + "' matched no entry of the export (see 'cdds-decrypt list')");
        }
        if (verbosity.verbose && !verbosity.quiet) {
            env.err().println(Failures.PROGRAM + ": " + Untrusted.text(set.name()) + ": " + set.parts().size()
                    + " part(s), " + result.entries() + " entries (" + result.bytes() + " bytes) verified; "
                    + sink.files() + " file(s) (" + sink.bytes() + " bytes) written");
            env.err().flush();
        }
    }
}
