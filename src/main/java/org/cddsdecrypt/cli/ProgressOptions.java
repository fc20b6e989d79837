package org.cddsdecrypt.cli;

import picocli.CommandLine.Option;

/** {@code --progress} / {@code --no-progress}, shared by the commands that read a whole export or file. */
public final class ProgressOptions {
    @Option(
            names = "--progress",
            negatable = true,
            description = "Show a live progress line on stderr (percentage, bytes done of total, rate, time left); "
                    + "--no-progress never shows it. Default: shown only when stderr is a terminal, and not with "
                    + "--quiet or when $CI is set.")
    Boolean progress;

    /** The decision: an explicit option wins; otherwise a terminal on stderr, no --quiet, no $CI. */
    boolean wanted(Environment env, Verbosity verbosity) {
        if (progress != null) {
            return progress;
        }
        return !verbosity.quiet && env.get("CI") == null && env.stderrIsTerminal();
    }

    /** A display for {@code total} bytes (negative: unknown), or one that shows nothing. */
    Progress start(Environment env, Verbosity verbosity, long total) {
        return wanted(env, verbosity) ? Progress.on(env.err(), total) : Progress.off();
    }
}
