package org.cddsdecrypt.keys;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.io.FileErrors;
import org.cddsdecrypt.io.Untrusted;

/**
 * Where passphrases for encrypted keys come from, in OpenSSL's {@code -passin} forms: {@code pass:TEXT},
 * {@code env:VAR}, {@code file:PATH}, {@code fd:N}; or a prompt without echo on the terminal. Passphrases are
 * returned as fresh char arrays that the caller wipes; none is ever part of a message. A source that keeps a
 * passphrase (read once from a file or descriptor) wipes it when closed, and has none to give after that.
 *
 * <p>{@code pass:TEXT} and {@code env:VAR} cannot be wiped: the text is a {@code String} of the command line or
 * the environment, and {@code pass:} is visible to other users of the machine in the process list.
 */
public abstract class PassphraseSource implements AutoCloseable {

    /** A passphrase for {@code keyDescription}, or null when none is available. The caller wipes the array. */
    public abstract char[] passphraseFor(String keyDescription) throws KeyException;

    /** Wipes any passphrase this source holds; later requests get none. */
    @Override
    public void close() {}

    /** True when a wrong passphrase may be asked again (interactive prompts). */
    public boolean canRetry() {
        return false;
    }

    /** No passphrase: encrypted keys fail with a message that says how to pass one. */
    public static PassphraseSource none() {
        return new PassphraseSource() {
            @Override
            public char[] passphraseFor(String keyDescription) {
                return null;
            }
        };
    }

    /** The terminal's prompt when there is a console, else none. */
    public static PassphraseSource promptOrNone() {
        Console console = System.console();
        return console == null ? none() : new Prompt(console);
    }

    /**
     * Parses an OpenSSL-style {@code --passin} value. {@code env} looks variables up through {@code environment}
     * so that tests and embedding code need not touch the real environment.
     */
    public static PassphraseSource parse(String spec, Function<String, String> environment) throws UsageException {
        return parse("--passin", spec, environment);
    }

    /** Parses the value of {@code option} ({@code --passin}, {@code --passout}), which messages name. */
    public static PassphraseSource parse(String option, String spec, Function<String, String> environment)
            throws UsageException {
        int colon = spec.indexOf(':');
        String scheme = colon < 0 ? spec : spec.substring(0, colon);
        String arg = colon < 0 ? "" : spec.substring(colon + 1);
        switch (scheme) {
            case "pass":
                return fixed(arg.toCharArray());
            case "env":
                return new PassphraseSource() {
                    @Override
                    public char[] passphraseFor(String keyDescription) throws KeyException {
                        String value = environment.apply(arg);
                        if (value == null) {
                            throw new KeyException(
                                    option + " env:" + arg + ": environment variable " + arg + " is not set");
                        }
                        return value.toCharArray();
                    }
                };
            case "file":
                return fixedFrom(() -> firstLine(Files.readAllBytes(Path.of(arg))), option, "file " + arg);
            case "fd":
                int fd = parseFd(option, arg);
                return fixedFrom(() -> firstLine(readFd(fd)), option, "file descriptor " + arg);
            default:
                // Nothing of the value is echoed: it may be a passphrase given without "pass:", colons and all.
                throw new UsageException(option + ": unknown form (use pass:TEXT, env:VAR, file:PATH or fd:N)");
        }
    }

    private static int parseFd(String option, String arg) throws UsageException {
        try {
            return Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " fd:" + arg + ": not a file descriptor number");
        }
    }

    private static byte[] readFd(int fd) throws IOException {
        Path path = Path.of("/dev/fd/" + fd);
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(64 * 1024);
        }
    }

    private interface Reader {
        char[] read() throws IOException;
    }

    /** Read once (a descriptor can be read only once), then hand out copies. */
    private static PassphraseSource fixedFrom(Reader reader, String option, String what) {
        return new PassphraseSource() {
            private char[] value;
            private boolean closed;

            @Override
            public synchronized char[] passphraseFor(String keyDescription) throws KeyException {
                if (closed) {
                    return null;
                }
                if (value == null) {
                    try {
                        value = reader.read();
                    } catch (IOException e) {
                        throw new KeyException(
                                option + ": cannot read the passphrase from " + what + ": " + FileErrors.reason(e), e);
                    }
                }
                return value.clone();
            }

            @Override
            public synchronized void close() {
                closed = true;
                if (value != null) {
                    Arrays.fill(value, '\0');
                }
            }
        };
    }

    static PassphraseSource fixed(char[] value) {
        return new PassphraseSource() {
            private boolean closed;

            @Override
            public synchronized char[] passphraseFor(String keyDescription) {
                return closed ? null : value.clone();
            }

            @Override
            public synchronized void close() {
                closed = true;
                Arrays.fill(value, '\0');
            }
        };
    }

    /** The first line, without its line end, as OpenSSL reads {@code file:} and {@code fd:}; wipes the bytes. */
    static char[] firstLine(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
            end++;
        }
        java.nio.CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(bytes, 0, end));
        char[] result = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        Arrays.fill(bytes, (byte) 0);
        return result;
    }

    private static final class Prompt extends PassphraseSource {
        private final Console console;

        Prompt(Console console) {
            this.console = console;
        }

        @Override
        public char[] passphraseFor(String keyDescription) {
            return ask(console, "Passphrase for %s: ", Untrusted.text(keyDescription));
        }

        @Override
        public boolean canRetry() {
            return true;
        }
    }

    /**
     * The terminal's prompt for the passphrase of a new key, asked twice (a typing mistake would lock the user out
     * of every export encrypted to the key), or none without a terminal.
     */
    public static PassphraseSource newPassphrasePromptOrNone() {
        Console console = System.console();
        return console == null ? none() : new NewPassphrasePrompt(console);
    }

    private static final class NewPassphrasePrompt extends PassphraseSource {
        private final Console console;

        NewPassphrasePrompt(Console console) {
            this.console = console;
        }

        @Override
        public char[] passphraseFor(String keyDescription) throws KeyException {
            for (int attempt = 1; attempt <= NEW_PASSPHRASE_ATTEMPTS; attempt++) {
                char[] first = ask(console, "Passphrase for the new key %s: ", Untrusted.text(keyDescription));
                if (first == null) {
                    return null;
                }
                if (first.length == 0) {
                    console.printf("An empty passphrase leaves the key unprotected: type one (or use "
                            + "--no-passphrase).%n");
                    continue;
                }
                char[] again = ask(console, "The same passphrase again: ");
                boolean same = again != null && Arrays.equals(first, again);
                if (again != null) {
                    Arrays.fill(again, '\0');
                }
                if (same) {
                    return first;
                }
                Arrays.fill(first, '\0');
                console.printf("The two passphrases differ; try again.%n");
            }
            throw new KeyException("no passphrase for the new key: the passphrases typed were empty or differed "
                    + NEW_PASSPHRASE_ATTEMPTS + " times");
        }
    }

    private static final int NEW_PASSPHRASE_ATTEMPTS = 3;

    /** Reads a passphrase without echo; null at the end of input. */
    private static char[] ask(Console console, String format, Object... args) {
        // Ctrl-C at the prompt: the JDK turns echo back on; this ends the prompt's line for the shell's prompt.
        // Not through the console's writer: readPassword holds its lock while it waits, and the hook would hang
        // the JVM's exit. With a console, standard output is that terminal.
        Thread newline = new Thread(
                () -> {
                    System.out.println();
                    System.out.flush();
                },
                "cdds-prompt-interrupted");
        Runtime.getRuntime().addShutdownHook(newline);
        try {
            return console.readPassword(format, args);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(newline);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
    }
}
