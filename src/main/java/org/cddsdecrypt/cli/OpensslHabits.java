package org.cddsdecrypt.cli;

import java.util.Map;

/**
 * The options users bring from {@code openssl smime -decrypt -inkey KEY -in FILE -out OUT} (what the service's guide
 * shows), and to {@code keygen} from {@code openssl req -x509 -newkey rsa:3072 -keyout KEY -out CERT}. picocli would
 * read {@code -out} as {@code -o ut} and {@code -in} as an unknown cluster; they are answered before parsing instead,
 * with what to type here.
 */
final class OpensslHabits {
    private static final Map<String, String> INSTEAD = Map.of(
            "-inkey", "did you mean -k KEY (a key file, or a folder of keys)?",
            "-in", "did you mean PART? Give the part file itself, without -in.",
            "-out", "did you mean -o OUT?",
            "-passin", "did you mean --passin (pass:TEXT, env:VAR, file:PATH or fd:N)?",
            "-recip", "no certificate is needed: -k KEY finds the recipient itself.");
    private static final Map<String, String> KEYGEN_INSTEAD = Map.of(
            "-keyout", "did you mean --key FILE?",
            "-out", "did you mean --cert FILE (or --csr FILE for a request)?",
            "-subj", "did you mean --subject DN?",
            "-days", "did you mean --days N?",
            "-newkey", "did you mean --key-size BITS? (keys are RSA)",
            "-nodes", "did you mean --no-passphrase?",
            "-noenc", "did you mean --no-passphrase?",
            "-passout", "did you mean --passout (pass:TEXT, env:VAR, file:PATH or fd:N)?",
            "-x509", "not needed: keygen always makes a self-signed certificate (and with --csr a request too).");

    private OpensslHabits() {}

    /** The message for the first openssl-style option in {@code args}, or null when there is none. */
    static String find(String... args) {
        Map<String, String> habits = args.length > 0 && args[0].equals("keygen") ? KEYGEN_INSTEAD : INSTEAD;
        for (String arg : args) {
            if (arg.equals("--")) {
                return null;
            }
            String instead = habits.get(arg);
            if (instead != null) {
                return "'" + arg + "' is an openssl option: " + instead;
            }
        }
        return null;
    }
}
