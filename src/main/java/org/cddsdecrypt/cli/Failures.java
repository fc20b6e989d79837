package org.cddsdecrypt.cli;

import java.io.PrintWriter;
import org.cddsdecrypt.CddsException;
import org.cddsdecrypt.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become exit codes and messages: one line on stderr, a stack trace only with
 * {@code --verbose} (always offered for internal errors, which are bugs).
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String PROGRAM = "cdds-decrypt";

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = isVerbose(parseResult);
        if (ex instanceof CddsException failure) {
            err.println(PROGRAM + ": " + failure.getMessage());
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return failure.exitCode().code();
        }
        err.println(PROGRAM + ": internal error: " + ex + (verbose ? "" : " (run with --verbose for details)"));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.INTERNAL.code();
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(PROGRAM + ": " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        printUsageHint(cmd, err);
        err.flush();
        return ExitCode.USAGE.code();
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
