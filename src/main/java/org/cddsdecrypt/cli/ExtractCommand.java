package org.cddsdecrypt.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cddsdecrypt.output.Permissions;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.zip.ZipStreamExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code extract}: the export's folder tree, verified and moved into place atomically. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Finds every part of the export beside PART, checks the set is complete, decrypts the parts "
                + "in order and extracts the rejoined zip into DIR.",
            "Nothing appears at DIR until every part decrypted, every CRC matched and the zip's central directory "
                    + "agreed; on failure nothing is left behind. Files are readable by their owner only."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  cdds-decrypt extract -k my.key ~/Downloads/export-2b71….z07.smime",
            "  cdds-decrypt extract -k keys/ --passin env:KEY_PASS -o /data/cdds/2026-11 export-2b71….zip.smime"})
public final class ExtractCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Mixin
    ExtractionOptions extraction;

    @Mixin
    Verbosity verbosity;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Folder to create. Default: ./<export-name>/ (e.g. ./export-2b71…/).")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Replace an existing, non-empty DIR (only once the new tree "
            + "is complete).")
    boolean force;

    @Option(names = "--umask", description = "Create files and folders with the process umask instead of "
            + "owner-only modes.")
    boolean umask;

    @Parameters(paramLabel = "PART", description = "Any one part of the export (.zNN.smime or .zip.smime, or a "
            + "decrypted .zNN/.zip segment).")
    String part;

    @Override
    public Integer call() throws Exception {
        Environment env = Environment.of(spec);
        ExportSet set = ExportCommands.exportOf(part);
        set.requireComplete(0);
        Path destination = output != null ? output : Path.of(set.name());
        Permissions permissions = umask ? Permissions.UMASK : Permissions.OWNER_ONLY;
        ZipStreamExtractor.Result result = ExportCommands.reader(env, keyOptions, verbosity, extraction.limits())
                .extractTree(set, destination, force, permissions);
        if (verbosity.verbose) {
            env.err().println("extracted " + result.entries() + " entries (" + result.bytes() + " bytes) from "
                    + set.parts().size() + " part(s)");
        }
        spec.commandLine().getOut().println(destination);
        return 0;
    }
}
