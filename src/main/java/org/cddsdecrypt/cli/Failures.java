package org.cddsdecrypt.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.InvalidPathException;
import java.util.List;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.io.FileErrors;
import org.cddsdecrypt.io.Untrusted;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become exit codes and messages: one line on stderr, a stack trace only with
 * {@code --verbose} (always offered for internal errors, which are bugs). Every line is passed through
 * {@link Untrusted} (messages quote file names, entry names and certificate names from the input) and through
 * {@link Redaction} (usage errors quote the command line, which may hold a passphrase).
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String PROGRAM = "cdds-decrypt";

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = isVerbose(parseResult);
        String[] args =
                parseResult == null ? new String[0] : parseResult.originalArgs().toArray(new String[0]);
        if (ex instanceof CddsException failure) {
            err.println(line(failure.getMessage(), args));
            if (verbose) {
                printStackTrace(ex, err, args);
            }
            err.flush();
            return failure.exitCode().code();
        }
        InvalidPathException notAPath = notAPath(ex);
        if (notAPath != null) {
            // A name given by the user (or one made from it) that this platform or locale cannot make a path of.
            err.println(line(FileErrors.notAFileName(notAPath), args));
            err.flush();
            return ExitCode.USAGE.code();
        }
        err.println(line("internal error: " + ex + (verbose ? "" : " (run with --verbose for details)"), args));
        if (verbose) {
            printStackTrace(ex, err, args);
        }
        err.flush();
        return ExitCode.INTERNAL.code();
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(line(usageMessage(ex), args));
        StringWriter suggestions = new StringWriter();
        UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(suggestions, true));
        err.print(Untrusted.lines(Redaction.redact(suggestions.toString(), args)));
        printUsageHint(cmd, err);
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** The path failure {@code ex} is or was caused by, if any. */
    private static InvalidPathException notAPath(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof InvalidPathException e) {
                return e;
            }
        }
        return null;
    }

    /** picocli's message in the tool's words: no "Error: " prefix, no argument indexes. */
    static String usageMessage(ParameterException ex) {
        String message = String.valueOf(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException unmatched
                && !unmatched.isUnknownOption()
                && !unmatched.getUnmatched().isEmpty()) {
            List<String> extra = unmatched.getUnmatched();
            if (ex.getCommandLine().getParent() == null) {
                return "unknown command '" + extra.get(0) + "'";
            }
            return "unexpected argument" + (extra.size() == 1 ? "" : "s") + ": '" + String.join("', '", extra) + "'";
        }
        return message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
    }

    /** "cdds-decrypt: MESSAGE" as printed: without secrets from the command line, and safe for a terminal. */
    static String line(String message, String[] args) {
        return PROGRAM + ": " + Untrusted.text(Redaction.redact(String.valueOf(message), args));
    }

    static void printStackTrace(Throwable ex, PrintWriter err, String[] args) {
        StringWriter trace = new StringWriter();
        ex.printStackTrace(new PrintWriter(trace, true));
        err.print(Untrusted.lines(Redaction.redact(trace.toString(), args)));
    }

    /** The usage line and where to read more: after every usage error. */
    private static void printUsageHint(CommandLine cmd, PrintWriter err) {
        CommandLine.Help help = cmd.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    }

    static boolean isVerbose(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
