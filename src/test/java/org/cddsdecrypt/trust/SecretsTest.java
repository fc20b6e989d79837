package org.cddsdecrypt.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.keys.KeyLoader;
import org.cddsdecrypt.keys.PassphraseSource;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Passphrases stay out of messages and memory; exposed key files are pointed out. */
class SecretsTest {
    private static final String WRONG = "Wr0ng-Passphrase-7f3a";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs8-enc.key", "rsa-pkcs1-enc.key", "rsa.p12"})
    void aWrongPassphraseIsNeverPrintedEvenWithVerbose(String key) throws Exception {
        Path passFile = Files.writeString(tmp.resolve("pass.txt"), WRONG + "\n");
        for (String passin : List.of("pass:" + WRONG, "env:KEY_PASS", "file:" + passFile)) {
            Cli.Result r = new Cli()
                    .env("KEY_PASS", WRONG)
                    .run(
                            "decrypt",
                            "--verbose",
                            "-k",
                            Fixtures.key(key),
                            "--passin",
                            passin,
                            "-o",
                            tmp.resolve("out.bin"),
                            Fixtures.message("aes256.smime"));
            assertEquals(4, r.code(), r::toString);
            assertTrue(r.err().contains("wrong passphrase"), r::toString);
            assertTrue(r.err().contains("\tat "), "--verbose prints the stack trace:\n" + r);
            assertFalse(r.err().contains(WRONG) || r.out().contains(WRONG), () -> passin + " leaked:\n" + r);
            assertFalse(Files.exists(tmp.resolve("out.bin")));
        }
    }

    @Test
    void aPassphraseWithoutItsPrefixIsNotEchoedInTheUsageError() {
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key("rsa-pkcs8-enc.key"),
                        "--passin",
                        WRONG,
                        "-o",
                        tmp.resolve("out.bin"),
                        Fixtures.message("aes256.smime"));
        assertEquals(2, r.code(), r::toString);
        assertFalse(r.err().contains(WRONG), r::toString);
        assertTrue(r.err().contains("use pass:TEXT, env:VAR, file:PATH or fd:N"), r::toString);
    }

    @Test
    void theRightPassphraseDecryptsAndVerboseOutputHoldsNoPassphrase() throws Exception {
        Cli.Result r = new Cli()
                .env("KEY_PASS", "secret")
                .run(
                        "decrypt",
                        "-v",
                        "-k",
                        Fixtures.key("rsa-pkcs8-enc.key"),
                        "--passin",
                        "env:KEY_PASS",
                        "-o",
                        tmp.resolve("out.bin"),
                        Fixtures.message("aes256.smime"));
        assertEquals(0, r.code(), r::toString);
        assertFalse((r.out() + r.err()).contains("secret"), r::toString);
        assertArrayEquals(Files.readAllBytes(Fixtures.payload()), Files.readAllBytes(tmp.resolve("out.bin")));
    }

    /** A source that records every array it hands out, to check the loader wiped each one. */
    private static final class Recording extends PassphraseSource {
        final List<char[]> handedOut = new ArrayList<>();
        private final String value;

        Recording(String value) {
            this.value = value;
        }

        @Override
        public char[] passphraseFor(String keyDescription) {
            char[] copy = value.toCharArray();
            handedOut.add(copy);
            return copy;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs8-enc.key", "rsa-pkcs1-enc.key", "rsa.p12", "rsa-legacy.p12"})
    void theLoaderWipesEveryPassphraseAfterUseRightOrWrong(String key) throws Exception {
        Recording right = new Recording("secret");
        new KeyLoader(right, w -> {}).load(List.of(Fixtures.key(key)));
        Recording wrong = new Recording(WRONG);
        assertThrows(KeyException.class, () -> new KeyLoader(wrong, w -> {}).load(List.of(Fixtures.key(key))));
        for (Recording source : List.of(right, wrong)) {
            assertFalse(source.handedOut.isEmpty());
            for (char[] pass : source.handedOut) {
                assertArrayEquals(new char[pass.length], pass, "passphrase left in memory");
            }
        }
        assertEquals(1, right.handedOut.size(), "one passphrase for a PKCS#12 store and its key, not two");
    }

    @Test
    void aSourceThatKeepsAPassphraseWipesItWhenClosed() throws Exception {
        Path passFile = Files.writeString(tmp.resolve("pass.txt"), "secret\nsecond line\n");
        PassphraseSource source = PassphraseSource.parse("file:" + passFile, v -> null);
        char[] first = source.passphraseFor("k");
        assertArrayEquals("secret".toCharArray(), first);
        source.close();
        assertNull(source.passphraseFor("k"), "a closed source hands out nothing");

        PassphraseSource fixed = PassphraseSource.parse("pass:secret", v -> null);
        assertArrayEquals("secret".toCharArray(), fixed.passphraseFor("k"));
        fixed.close();
        assertNull(fixed.passphraseFor("k"));
    }

    @Test
    void aKeyFileReadableByOthersGetsAWarningLikeSsh() throws Exception {
        Path key = Files.copy(Fixtures.key("rsa.key"), tmp.resolve("exposed.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result r =
                new Cli().run("decrypt", "-k", key, "-o", tmp.resolve("a.bin"), Fixtures.message("aes256.smime"));
        assertEquals(0, r.code(), r::toString);
        assertTrue(
                r.err().contains("key file " + key + " is accessible by group or others; run: chmod 600 " + key),
                r::toString);

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw----"));
        r = new Cli().run("decrypt", "-k", tmp, "-o", tmp.resolve("b.bin"), Fixtures.message("aes256.smime"));
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("is accessible by group or others"), "also for keys found in a folder:\n" + r);

        r = new Cli().run("decrypt", "-q", "-k", key, "-o", tmp.resolve("c.bin"), Fixtures.message("aes256.smime"));
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), "--quiet silences warnings");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        r = new Cli().run("decrypt", "-k", key, "-o", tmp.resolve("d.bin"), Fixtures.message("aes256.smime"));
        assertEquals(0, r.code(), r::toString);
        assertFalse(r.err().contains("accessible"), r::toString);
    }

    @Test
    void aCertificateReadableByOthersIsNoSecret() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("keys"));
        Path key = Files.copy(Fixtures.key("rsa.key"), dir.resolve("rsa.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path cert = Files.copy(Fixtures.key("rsa.crt"), dir.resolve("rsa.crt"));
        Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result r =
                new Cli().run("decrypt", "-k", dir, "-o", tmp.resolve("out.bin"), Fixtures.message("aes256.smime"));
        assertEquals(0, r.code(), r::toString);
        assertFalse(r.err().contains("accessible"), r::toString);
        assertTrue(new String(Files.readAllBytes(key), StandardCharsets.US_ASCII).contains("PRIVATE KEY"));
    }
}
