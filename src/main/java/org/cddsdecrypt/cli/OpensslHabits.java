package org.cddsdecrypt.cli;

import java.util.Map;

/**
 * The options users bring from {@code openssl smime -decrypt -inkey KEY -in FILE -out OUT} (what the service's guide
 * shows). picocli would read {@code -out} as {@code -o ut} and {@code -in} as an unknown cluster; they are answered
 * before parsing instead, with what to type here.
 */
final class OpensslHabits {
    private static final Map<String, String> INSTEAD = Map.of(
            "-inkey", "did you mean -k KEY (a key file, or a folder of keys)?",
            "-in", "did you mean PART? Give the part file itself, without -in.",
            "-out", "did you mean -o OUT?",
            "-passin", "did you mean --passin (pass:TEXT, env:VAR, file:PATH or fd:N)?",
            "-recip", "no certificate is needed: -k KEY finds the recipient itself.");

    private OpensslHabits() {
    }

    /** The message for the first openssl-style option in {@code args}, or null when there is none. */
    static String find(String... args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return null;
            }
            String instead = INSTEAD.get(arg);
            if (instead != null) {
                return "'" + arg + "' is an openssl option: " + instead;
            }
        }
        return null;
    }
}
