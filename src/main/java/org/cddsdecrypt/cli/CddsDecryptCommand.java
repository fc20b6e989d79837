package org.cddsdecrypt.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command: only dispatches to subcommands. */
@Command(
        name = "cdds-decrypt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        modelTransformer = UsageConventions.class,
        description = {
            "Decrypts and extracts Cloud Data Download Service (CDDS) exports: S/MIME-encrypted zip files, split "
                    + "into numbered parts or not.",
            "Point it at any one part of an export; it finds the rest, checks the set is complete, decrypts each "
                    + "part and writes the folder tree, verified and atomically.",
            "Results (paths, listings, reports) go to stdout; progress, warnings and errors to stderr. "
                    + "No colours are used when NO_COLOR is set."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cdds-decrypt extract -k my.key ~/Downloads/export-2b71….z01.smime",
            "  cdds-decrypt info ~/Downloads/export-2b71….zip.smime",
            "  cdds-decrypt cat -k my.key export-2b71….zip.smime '**/*.jsonl' | jq .",
            "  cdds-decrypt decrypt -k my.key export-2b71….*.smime",
            "  cdds-decrypt batch -k keys/ --out /data/cdds ~/Downloads",
            "  cdds-decrypt keygen --key ~/.cdds/keys/cdds.key --cert ~/cdds.crt \\",
            "      --passout env:KEY_PASS",
            "  cdds-decrypt keys -k keys/",
            "  cdds-decrypt help extract"
        })
public final class CddsDecryptCommand implements Runnable {
    /**
     * The subcommands, in help order. They are added by {@link #model} rather than listed in the annotation so that
     * a run can build only the one it invokes: building the models of the others was a measurable part of every
     * start (docs/PERFORMANCE.md, "Start-up").
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("extract", ExtractCommand::new);
        commands.put("decrypt", DecryptCommand::new);
        commands.put("list", ListCommand::new);
        commands.put("verify", VerifyCommand::new);
        commands.put("info", InfoCommand::new);
        commands.put("cat", CatCommand::new);
        commands.put("batch", BatchCommand::new);
        commands.put("keygen", KeygenCommand::new);
        commands.put("keys", KeysCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return java.util.Collections.unmodifiableMap(commands);
    }

    /**
     * The command model with every subcommand, or with only {@code only} (a subcommand's name) when that is all a
     * run needs. {@code help}, a mistyped name and no name at all need them all (listing, did-you-mean).
     */
    static CommandLine model(Environment environment, String only) {
        CommandLine root = new CommandLine(new CddsDecryptCommand(environment));
        boolean one = only != null && SUBCOMMANDS.containsKey(only) && !only.equals("help");
        SUBCOMMANDS.forEach((name, command) -> {
            if (!one || name.equals(only)) {
                root.addSubcommand(name, new CommandLine(command.get()));
            }
        });
        new UsageConventions().transform(root.getCommandSpec());
        return root;
    }

    @Spec
    CommandSpec spec;

    private Environment environment;

    /** {@code environment}: null for the process's own (see {@link #environment}). */
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
