package org.cddsdecrypt.cli;

import picocli.CommandLine.Option;

/** {@code -v} and {@code -q}, shared by every command. */
public final class Verbosity {
    @Option(names = {"-v", "--verbose"}, description = "More detail, and stack traces for errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;
}
