package org.cddsdecrypt.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a run takes from the process besides its arguments: environment variables and the binary standard streams.
 * Tests pass their own to run commands in-process; text output goes through picocli's writers.
 */
public record Environment(Map<String, String> variables, InputStream stdin, OutputStream stdout, PrintWriter err) {

    static Environment system(PrintWriter err) {
        return new Environment(System.getenv(), System.in, System.out, err);
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
        return ((CddsDecryptCommand) root.userObject()).environment(spec.commandLine().getErr());
    }

    /** Prints warnings on stderr unless {@code --quiet}. */
    Consumer<String> warnings(Verbosity verbosity) {
        return message -> {
            if (!verbosity.quiet) {
                err.println(Failures.PROGRAM + ": warning: " + message);
                err.flush();
            }
        };
    }
}
