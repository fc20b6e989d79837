package org.cddsdecrypt.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Consumer;
import org.cddsdecrypt.io.Untrusted;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a run takes from the process besides its arguments: environment variables, the binary standard streams, and
 * whether stderr is a terminal (for the progress display). Tests pass their own to run commands in-process; text
 * output goes through picocli's writers.
 */
public record Environment(
        Map<String, String> variables,
        InputStream stdin,
        OutputStream stdout,
        PrintWriter err,
        boolean stderrIsTerminal) {

    /** An environment whose stderr is not a terminal. */
    public Environment(Map<String, String> variables, InputStream stdin, OutputStream stdout, PrintWriter err) {
        this(variables, stdin, stdout, err, false);
    }

    /**
     * The process's own. Binary stdout is the file descriptor itself, not {@code System.out}: a PrintStream
     * swallows write errors, and a closed pipe must stop the run.
     */
    static Environment system(PrintWriter err) {
        Map<String, String> variables = System.getenv();
        return new Environment(
                variables,
                System.in,
                new FileOutputStream(FileDescriptor.out),
                err,
                Terminal.stderrIsTerminal(variables));
    }

    String get(String name) {
        return variables.get(name);
    }

    /** The environment of the run that {@code spec} belongs to. */
    static Environment of(CommandSpec spec) {
        CommandSpec root = spec;
        while (root.parent() != null) {
            root = root.parent();
        }
        return ((CddsDecryptCommand) root.userObject())
                .environment(spec.commandLine().getErr());
    }

    /** Prints warnings on stderr unless {@code --quiet}. */
    Consumer<String> warnings(Verbosity verbosity) {
        return message -> {
            if (!verbosity.quiet) {
                err.println(Failures.PROGRAM + ": warning: " + Untrusted.text(message));
                err.flush();
            }
        };
    }
}
