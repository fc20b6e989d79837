package org.cddsdecrypt.cli;

import java.nio.file.Path;
import java.util.List;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.export.Export;
import org.cddsdecrypt.export.Extracted;
import org.cddsdecrypt.export.Selection;
import org.cddsdecrypt.export.WriteOptions;
import org.cddsdecrypt.io.Untrusted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code extract}: the export's folder tree (or some of it), verified and moved into place atomically. */
@Command(
        name = "extract",
        mixinStandardHelpOptions = true,
        description = {
            "Finds every part of the export beside PART, checks the set is complete, decrypts the parts "
                    + "in order and extracts the rejoined zip into DIR, then prints DIR.",
            "Nothing appears at DIR until every part decrypted, every CRC matched and the zip's central directory "
                    + "agreed; on failure nothing is left behind. Files are readable by their owner only.",
            "With --stdout, the chosen files' contents are streamed to standard output instead, and no folder is "
                    + "written."
        },
        footerHeading = "%nSelection (--include, --exclude):%n",
        footer = {
            SelectionOptions.PATTERNS,
            SelectionOptions.CHOICE,
            SelectionOptions.STDOUT,
            "%nExamples:%n"
                    + "  cdds-decrypt extract -k my.key ~/Downloads/export-2b71….z07.smime%n"
                    + "  cdds-decrypt extract -k keys/ --passin env:KEY_PASS -o /data/cdds/2026-11 \\%n"
                    + "      export-2b71….zip.smime%n"
                    + "  cdds-decrypt extract -k my.key --include 'ContactHistory/2026/11/**' \\%n"
                    + "      --exclude '**/*.tmp' export-2b71….zip.smime%n"
                    + "  cdds-decrypt extract -k my.key --stdout --include '**/*.jsonl' \\%n"
                    + "      export-2b71….zip.smime | jq ."
        })
public final class ExtractCommand extends BaseCommand {
    @Mixin
    SelectionOptions selectionOptions;

    @Mixin
    ExtractionOptions extraction;

    @Mixin
    ProgressOptions progressOptions;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Folder to create. Default: ./<export-name>/ (e.g. ./export-2b71…/).")
    Path output;

    @Option(
            names = {"-f", "--force"},
            description = "Replace an existing DIR that cdds-decrypt wrote (it holds "
                    + "a .cdds-decrypt-tree file), only once the new tree is complete. Any other non-empty folder is never "
                    + "replaced.")
    boolean force;

    @Option(
            names = "--umask",
            description = "Create files and folders with the process umask instead of " + "owner-only modes.")
    boolean umask;

    @Option(
            names = "--stdout",
            description = "Write the contents of the chosen files to standard output, one after "
                    + "another in archive order, instead of creating DIR; nothing else goes to stdout. Check the exit "
                    + "status: a CRC failure is found only after the file's bytes were sent.")
    boolean stdout;

    @Parameters(
            paramLabel = "PART",
            arity = "1..*",
            description = "Any one part of the export (.zNN.smime or "
                    + ".zip.smime, or a decrypted .zNN/.zip segment); " + ExportCommands.MORE_PARTS)
    List<String> parts;

    @Override
    public Integer call() throws Exception {
        if (stdout && (output != null || force || umask)) {
            throw new UsageException("--stdout writes no folder: leave out -o, --force and --umask");
        }
        Selection selection = selectionOptions.selection();
        if (stdout) {
            streamToStdout(parts, selection, extraction, progressOptions);
            return 0;
        }
        Export export = Export.of(parts);
        Path destination = output != null ? output : Path.of(export.name());
        Extracted result = read(
                export,
                extraction.limits(),
                progressOptions,
                reader -> reader.extractTree(export, destination, new WriteOptions(force, umask), selection));
        report(export, result);
        if (!verbosity.quiet) {
            out().println(Untrusted.text(destination.toString()));
        }
        return 0;
    }
}
