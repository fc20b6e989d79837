package org.cddsdecrypt.cli;

import picocli.CommandLine.Option;

/** {@code -v} and {@code -q}, shared by every command. */
public final class Verbosity {
    @Option(
            names = {"-v", "--verbose"},
            description = "More detail on stderr, and stack traces for errors.")
    boolean verbose;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print nothing but errors: no progress, warnings or summaries. "
                    + "Listings and JSON asked for still go to stdout.")
    boolean quiet;
}
