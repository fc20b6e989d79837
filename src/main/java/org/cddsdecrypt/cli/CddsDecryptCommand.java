package org.cddsdecrypt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command: only dispatches to subcommands. */
@Command(name = "cdds-decrypt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        modelTransformer = UsageConventions.class,
        description = {
            "Decrypts and extracts Cloud Data Download Service (CDDS) exports: S/MIME-encrypted zip files, split "
                    + "into numbered parts or not.",
            "Point it at any one part of an export; it finds the rest, checks the set is complete, decrypts each "
                    + "part and writes the folder tree, verified and atomically.",
            "Results (paths, listings, reports) go to stdout; progress, warnings and errors to stderr. "
                    + "No colours are used when NO_COLOR is set."},
        subcommands = {ExtractCommand.class, DecryptCommand.class, ListCommand.class, VerifyCommand.class,
            InfoCommand.class, CatCommand.class, BatchCommand.class, picocli.CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  cdds-decrypt extract -k my.key ~/Downloads/export-2b71….z01.smime",
            "  cdds-decrypt info ~/Downloads/export-2b71….zip.smime",
            "  cdds-decrypt cat -k my.key export-2b71….zip.smime '**/*.jsonl' | jq .",
            "  cdds-decrypt decrypt -k my.key export-2b71….zip.smime",
            "  cdds-decrypt batch -k keys/ -o /data/cdds ~/Downloads",
            "  cdds-decrypt help extract"})
public final class CddsDecryptCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private Environment environment;

    /** For tools that build the model from the class (man pages, completion): the process environment. */
    CddsDecryptCommand() {
        this(null);
    }

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
