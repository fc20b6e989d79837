package org.cddsdecrypt.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.export.Warmup;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/** Entry point: builds the picocli model and maps failures to the documented exit codes. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line with output through the given writers; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        warmUpIfDecrypting(args);
        return isVersionOnly(args) ? printVersion(out) : execute(commandLine(out, err, null, args), args);
    }

    /** Runs with an explicit environment (variables, binary stdin/stdout): for tests and embedding. */
    public static int run(PrintWriter out, Environment environment, String... args) {
        warmUpIfDecrypting(args);
        return isVersionOnly(args)
                ? printVersion(out)
                : execute(commandLine(out, environment.err(), environment, args), args);
    }

    /** Parses and runs, after answering openssl's options (see {@link OpensslHabits}) as usage errors. */
    private static int execute(CommandLine cmd, String... args) {
        String habit = OpensslHabits.find(args);
        if (habit != null) {
            CommandLine sub = args.length > 0 ? cmd.getSubcommands().get(args[0]) : null;
            return new Failures()
                    .handleParseException(new CommandLine.ParameterException(sub != null ? sub : cmd, habit), args);
        }
        return cmd.execute(args);
    }

    /** Commands that decrypt parts; the others (info, help, --version) do not need Bouncy Castle or AES. */
    private static final java.util.Set<String> DECRYPTING =
            java.util.Set.of("decrypt", "extract", "list", "verify", "cat", "batch");

    /** Overlaps the decryption's start-up costs with building the command model: see {@link Warmup}. */
    private static void warmUpIfDecrypting(String... args) {
        if (args.length > 1 && DECRYPTING.contains(args[0])) {
            Warmup.startInBackground();
        }
    }

    /**
     * {@code cdds-decrypt --version} needs no command model: building picocli's model is a large share of the tool's
     * start-up (docs/PERFORMANCE.md, "Start-up"), and the version answer is what scripts and installers call most.
     * The same {@link VersionProvider} answers {@code COMMAND --version} through picocli.
     */
    static boolean isVersionOnly(String... args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    private static int printVersion(PrintWriter out) {
        for (String line : new VersionProvider().getVersion()) {
            out.println(line);
        }
        out.flush();
        return ExitCode.OK.code();
    }

    /**
     * A path option's value; a name that cannot be a path here says why (often: no UTF-8 locale) and the fix. A class,
     * not a lambda: Java 17's class-data archive dump crashes (SIGSEGV in
     * {@code adjust_lambda_proxy_class_dictionary}) on a lambda implementing an interface of picocli, whose classes
     * are compiled for Java 5, and the launcher's archive would silently be lost (LaunchersIT).
     */
    private static final class PathConverter implements CommandLine.ITypeConverter<java.nio.file.Path> {
        @Override
        public java.nio.file.Path convert(String value) {
            try {
                return java.nio.file.Path.of(value);
            } catch (java.nio.file.InvalidPathException e) {
                throw new CommandLine.TypeConversionException(org.cddsdecrypt.io.FileErrors.notAFileName(e));
            }
        }
    }

    /**
     * The command model for a run of {@code args}, with output through the given writers: only the subcommand that
     * {@code args} start with, or every one (no arguments, {@code help}, an unknown name): see
     * {@link CddsDecryptCommand#model}.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Environment environment, String... args) {
        CommandLine cmd = CddsDecryptCommand.model(environment, args.length > 0 ? args[0] : null);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler(new Failures());
        cmd.setParameterExceptionHandler(new Failures());
        cmd.setAbbreviatedOptionsAllowed(false);
        cmd.registerConverter(java.nio.file.Path.class, new PathConverter());
        // The exit-code table is added by UsageConventions as the model is built (see CddsDecryptCommand).
        // picocli reads NO_COLOR from the process; an in-process environment says it here.
        if (environment != null
                && environment.get("NO_COLOR") != null
                && !environment.get("NO_COLOR").isEmpty()) {
            cmd.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        }
        return cmd;
    }
}
