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
    public void close() {
    }

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
                            throw new KeyException("--passin env:" + arg + ": environment variable " + arg
                                    + " is not set");
                        }
                        return value.toCharArray();
                    }
                };
            case "file":
                return fixedFrom(() -> firstLine(Files.readAllBytes(Path.of(arg))), "file " + arg);
            case "fd":
                int fd = parseFd(arg);
                return fixedFrom(() -> firstLine(readFd(fd)), "file descriptor " + arg);
            default:
                // Nothing of the value is echoed: it may be a passphrase given without "pass:", colons and all.
                throw new UsageException("--passin: unknown form (use pass:TEXT, env:VAR, file:PATH or fd:N)");
        }
    }

    private static int parseFd(String arg) throws UsageException {
        try {
            return Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            throw new UsageException("--passin fd:" + arg + ": not a file descriptor number");
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
    private static PassphraseSource fixedFrom(Reader reader, String what) {
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
                        throw new KeyException("--passin: cannot read the passphrase from " + what + ": "
                                + FileErrors.reason(e), e);
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
            // Ctrl-C at the prompt: the JDK turns echo back on; this ends the prompt's line for the shell's prompt.
            // Not through the console's writer: readPassword holds its lock while it waits, and the hook would hang
            // the JVM's exit. With a console, standard output is that terminal.
            Thread newline = new Thread(() -> {
                System.out.println();
                System.out.flush();
            }, "cdds-prompt-interrupted");
            Runtime.getRuntime().addShutdownHook(newline);
            try {
                return console.readPassword("Passphrase for %s: ", Untrusted.text(keyDescription));
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(newline);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs
                }
            }
        }

        @Override
        public boolean canRetry() {
            return true;
        }
    }
}
