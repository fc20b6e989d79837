package org.cddsdecrypt.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphraseSourceTest {
    private static final Function<String, String> NO_ENV = name -> null;

    @TempDir
    Path dir;

    @Test
    void passTakesTheRestOfTheSpecVerbatim() throws Exception {
        assertPassphrase("secret", PassphraseSource.parse("pass:secret", NO_ENV));
        assertPassphrase("a:b c", PassphraseSource.parse("pass:a:b c", NO_ENV));
        assertPassphrase("", PassphraseSource.parse("pass:", NO_ENV));
    }

    @Test
    void envReadsTheNamedVariable() throws Exception {
        Function<String, String> env = Map.of("KEY_PASS", "from-env")::get;
        assertPassphrase("from-env", PassphraseSource.parse("env:KEY_PASS", env));
    }

    @Test
    void envWithUnsetVariableNamesIt() throws Exception {
        PassphraseSource source = PassphraseSource.parse("env:NOT_SET_HERE", NO_ENV);
        KeyException e = assertThrows(KeyException.class, () -> source.passphraseFor("k.pem"));
        assertTrue(e.getMessage().contains("NOT_SET_HERE"), e.getMessage());
    }

    @Test
    void fileTakesTheFirstLineOnly() throws Exception {
        Path lf = Files.writeString(dir.resolve("lf"), "first line\nsecond line\n");
        Path crlf = Files.writeString(dir.resolve("crlf"), "pässword\r\nsecond\r\n");
        Path noEnd = Files.writeString(dir.resolve("noend"), "only");
        assertPassphrase("first line", PassphraseSource.parse("file:" + lf, NO_ENV));
        assertPassphrase("pässword", PassphraseSource.parse("file:" + crlf, NO_ENV));
        assertPassphrase("only", PassphraseSource.parse("file:" + noEnd, NO_ENV));
    }

    @Test
    void fileIsReadOnceAndEachCallGetsAFreshCopy() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "one\n");
        PassphraseSource source = PassphraseSource.parse("file:" + file, NO_ENV);
        char[] first = source.passphraseFor("a");
        java.util.Arrays.fill(first, '\0'); // callers wipe what they get
        Files.writeString(file, "changed\n");
        assertPassphrase("one", source);
    }

    @Test
    void missingFileIsAKeyProblemNamingTheFile() throws Exception {
        PassphraseSource source = PassphraseSource.parse("file:" + dir.resolve("absent"), NO_ENV);
        KeyException e = assertThrows(KeyException.class, () -> source.passphraseFor("k.pem"));
        assertTrue(e.getMessage().contains("absent"), e.getMessage());
    }

    @Test
    void fdReadsTheDescriptorsFirstLine() throws Exception {
        // /dev/fd/N of this JVM: open a file and find the descriptor number the kernel gave it.
        Path file = Files.writeString(dir.resolve("viafd"), "fd-secret\nrest\n");
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            int fd = descriptorOf(file);
            org.junit.jupiter.api.Assumptions.assumeTrue(fd >= 0, "no /proc/self/fd on this system");
            assertPassphrase("fd-secret", PassphraseSource.parse("fd:" + fd, NO_ENV));
        }
    }

    @Test
    void fdNeedsANumber() {
        assertThrows(UsageException.class, () -> PassphraseSource.parse("fd:three", NO_ENV));
    }

    @Test
    void unknownFormIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> PassphraseSource.parse("stdin", NO_ENV));
        assertTrue(e.getMessage().contains("pass:"), e.getMessage());
        assertThrows(UsageException.class, () -> PassphraseSource.parse("password:x", NO_ENV));
        // A value without a scheme may be a passphrase typed without "pass:": refused, and not echoed.
        UsageException bare = assertThrows(UsageException.class, () -> PassphraseSource.parse("hunter2", NO_ENV));
        assertFalse(bare.getMessage().contains("hunter2"), bare.getMessage());
    }

    @Test
    void noneHasNoPassphrase() throws Exception {
        assertNull(PassphraseSource.none().passphraseFor("k.pem"));
        assertFalse(PassphraseSource.none().canRetry());
    }

    @Test
    void firstLineStopsAtCrOrLf() {
        assertArrayEquals("ab".toCharArray(), PassphraseSource.firstLine("ab\rcd".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(new char[0], PassphraseSource.firstLine("\nab".getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertPassphrase(String expected, PassphraseSource source) throws KeyException {
        assertArrayEquals(expected.toCharArray(), source.passphraseFor("key.pem"));
    }

    private static int descriptorOf(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        Path real = file.toRealPath();
        try (var entries = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) entries::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (IOException | NumberFormatException e) {
                    // descriptor closed meanwhile, or not a link
                }
            }
        }
        return -1;
    }
}
