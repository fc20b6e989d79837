package org.cddsdecrypt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command: only dispatches to subcommands. */
@Command(name = "cdds-decrypt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Decrypts and extracts Cloud Data Download Service (CDDS) exports: S/MIME-encrypted zip files, split "
                    + "into numbered parts or not.",
            "Point it at any one part of an export; it finds the rest, checks the set is complete, decrypts each "
                    + "part and writes the folder tree, verified and atomically."},
        subcommands = {ExtractCommand.class, DecryptCommand.class, ListCommand.class, VerifyCommand.class,
            InfoCommand.class, BatchCommand.class, picocli.CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  cdds-decrypt decrypt -k my.key export-2b71….zip.smime",
            "  cdds-decrypt decrypt -k keys/ --passin env:KEY_PASS -o out.zip export.zip.smime"})
public final class CddsDecryptCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private Environment environment;

    CddsDecryptCommand(Environment environment) {
        this.environment = environment;
    }

    Environment environment(java.io.PrintWriter err) {
        if (environment == null) {
            environment = Environment.system(err);
        }
        return environment;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command (try 'cdds-decrypt --help')");
    }
}
