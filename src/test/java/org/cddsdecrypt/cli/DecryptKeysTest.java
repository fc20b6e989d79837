package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Key formats, key choice among several, passphrase sources and key failures (exit 4). */
class DecryptKeysTest {
    private static final String PASS = "secret"; // what scripts/make-testdata.sh encrypts keys with

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rsa.key, aes256.smime", // PKCS#8 PEM
        "rsa-pkcs1.key, aes256.smime", // BEGIN RSA PRIVATE KEY
        "rsa-pkcs1-enc.key, aes256.smime", // legacy DEK-Info encryption
        "rsa-pkcs8-enc.key, aes256.smime", // BEGIN ENCRYPTED PRIVATE KEY (PBES2)
        "rsa.der, aes256.smime", // DER PKCS#8
        "rsa.p12, aes256.smime", // OpenSSL 3 default PKCS#12
        "rsa-legacy.p12, aes256.smime", // old-style PKCS#12
        "rsa-with-cert.pem, aes256.smime", // key and certificate in one file
        "ec.key, ec.smime", // SEC1 EC
        "ec-pkcs8.key, ec.smime"
    })
    void everyKeyFormat(String key, String message) throws Exception {
        assertDecrypts(new Cli(), message, "-k", Fixtures.key(key), "--passin", "pass:" + PASS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes256.smime", "rotated.smime", "ec.smime", "multi.smime", "keyid.smime"})
    void directoryOfKeysPicksTheRightOne(String message) throws Exception {
        // keys/ holds rsa, rsa2 (the rotated certificate), other and ec keys plus their certificates.
        assertDecrypts(new Cli(), message, "-k", Fixtures.keys(), "--passin", "pass:" + PASS);
    }

    @Test
    void repeatedKeyOptionsAreAllTried() throws Exception {
        for (String message : new String[] {"aes256.smime", "rotated.smime"}) {
            assertDecrypts(new Cli(), message, "-k", Fixtures.key("rsa.key"), "-k", Fixtures.key("rsa2.key"));
            assertDecrypts(new Cli(), message, "-k", Fixtures.key("rsa2.key"), "-k", Fixtures.key("rsa.key"));
        }
    }

    @Test
    void keysFromTheEnvironmentVariable() throws Exception {
        Cli cli = new Cli().env("CDDS_DECRYPT_KEYS", Fixtures.key("other.key") + ":" + Fixtures.key("rsa2.key"));
        assertDecrypts(cli, "rotated.smime");
    }

    @Test
    void passinEnv() throws Exception {
        assertDecrypts(
                new Cli().env("CDDS_TEST_PASS", PASS),
                "aes256.smime",
                "-k",
                Fixtures.key("rsa-pkcs8-enc.key"),
                "--passin",
                "env:CDDS_TEST_PASS");
    }

    @Test
    void passinEnvUnsetNamesTheVariable() {
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key("rsa-pkcs8-enc.key"),
                        "--passin",
                        "env:CDDS_TEST_UNSET",
                        "-o",
                        dir.resolve("out"),
                        Fixtures.message("aes256.smime"));
        assertEquals(4, r.code(), r::toString);
        assertTrue(r.err().contains("CDDS_TEST_UNSET"), r.err());
    }

    @Test
    void passinFileUsesTheFirstLine() throws Exception {
        Path file = Files.writeString(dir.resolve("pass.txt"), PASS + "\nnot part of it\n");
        assertDecrypts(new Cli(), "aes256.smime", "-k", Fixtures.key("rsa.p12"), "--passin", "file:" + file);
    }

    /** fd:N needs a real descriptor, so this runs the tool in its own JVM under bash with "3<file". */
    @Test
    void passinFd() throws Exception {
        Path file = Files.writeString(dir.resolve("pass.txt"), PASS + "\n");
        Path out = dir.resolve("out.bin");
        StringBuilder command = new StringBuilder("exec");
        for (String word : Processes.cddsDecrypt(
                "decrypt",
                "-k",
                Fixtures.key("rsa-pkcs1-enc.key").toString(),
                "--passin",
                "fd:3",
                "-o",
                out.toString(),
                Fixtures.message("aes256.smime").toString())) {
            command.append(' ').append(Processes.shellQuote(word));
        }
        command.append(" 3<").append(Processes.shellQuote(file.toString()));
        Processes.Run run = Processes.run(dir, Map.of(), List.of("bash", "-c", command.toString()));
        assertEquals(0, run.code(), run.output());
        assertArrayEquals(Files.readAllBytes(Fixtures.payload()), Files.readAllBytes(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs1-enc.key", "rsa-pkcs8-enc.key", "rsa.p12", "rsa-legacy.p12"})
    void wrongPassphraseIsExit4NamingTheKeyNotThePassphrase(String key) {
        Path out = dir.resolve("out.bin");
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key(key),
                        "--passin",
                        "pass:Wr0ngHorse",
                        "-o",
                        out,
                        Fixtures.message("aes256.smime"));
        assertEquals(4, r.code(), r::toString);
        assertTrue(r.err().contains(Fixtures.key(key).toString()), r.err());
        assertFalse(r.err().contains("Wr0ngHorse"), r.err());
        assertFalse(Files.exists(out));

        Cli.Result viaEnv = new Cli()
                .env("P", "Wr0ngHorse")
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key(key),
                        "--passin",
                        "env:P",
                        "-o",
                        out,
                        Fixtures.message("aes256.smime"));
        assertEquals(4, viaEnv.code(), viaEnv::toString);
        assertFalse(viaEnv.err().contains("Wr0ngHorse"), viaEnv.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs8-enc.key", "rsa.p12"})
    void encryptedKeyWithoutPassinAndNoTerminalSaysToUsePassin(String key) {
        assumeTrue(System.console() == null, "a terminal is attached: the tool would prompt");
        Cli.Result r = new Cli()
                .run("decrypt", "-k", Fixtures.key(key), "-o", dir.resolve("out"), Fixtures.message("aes256.smime"));
        assertEquals(4, r.code(), r::toString);
        assertTrue(r.err().contains("--passin"), r.err());
        assertTrue(r.err().contains(key), r.err());
    }

    @Test
    void noKeyMatchesListsRecipientsAndKeysTried() throws Exception {
        Path out = dir.resolve("out.bin");
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key("other.key"),
                        "-k",
                        Fixtures.key("rsa2.key"),
                        "-o",
                        out,
                        Fixtures.message("aes256.smime"));
        assertEquals(4, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(opensslSerial("rsa.crt")), r.err());
        assertTrue(r.err().contains("CN=cdds-test-rsa"), r.err());
        assertTrue(r.err().contains(Fixtures.key("other.key").toString()), r.err());
        assertTrue(r.err().contains(Fixtures.key("rsa2.key").toString()), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void noKeyMatchesNamesEveryRecipientOfAMultiRecipientMessage() throws Exception {
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key("rsa2.key"),
                        "-o",
                        dir.resolve("out"),
                        Fixtures.message("multi.smime"));
        assertEquals(4, r.code(), r::toString);
        for (String crt : new String[] {"rsa.crt", "other.crt", "ec.crt"}) {
            assertTrue(r.err().contains(opensslSerial(crt)), crt + ": " + r.err());
        }
    }

    @Test
    void oldKeyAloneCannotOpenARotatedExport() throws Exception {
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        dir.resolve("out"),
                        Fixtures.message("rotated.smime"));
        assertEquals(4, r.code(), r::toString);
        assertTrue(r.err().contains(opensslSerial("rsa2.crt")), r.err());
        assertTrue(r.err().contains("cdds-test-rsa2"), r.err());
    }

    @Test
    void unreadableKeyFileIsExit4() throws Exception {
        Cli.Result missing = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        dir.resolve("absent.key"),
                        "-o",
                        dir.resolve("out"),
                        Fixtures.message("aes256.smime"));
        assertEquals(4, missing.code(), missing::toString);
        assertTrue(missing.err().contains("absent.key"), missing.err());

        Cli.Result notAKey = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.message("notsmime.txt"),
                        "-o",
                        dir.resolve("out"),
                        Fixtures.message("aes256.smime"));
        assertEquals(4, notAKey.code(), notAKey::toString);
    }

    private void assertDecrypts(Cli cli, String message, Object... keyArgs) throws Exception {
        Path out = dir.resolve(message + ".out");
        Files.deleteIfExists(out);
        Object[] args = new Object[keyArgs.length + 5];
        args[0] = "decrypt";
        System.arraycopy(keyArgs, 0, args, 1, keyArgs.length);
        args[keyArgs.length + 1] = "-q";
        args[keyArgs.length + 2] = "-o";
        args[keyArgs.length + 3] = out;
        args[keyArgs.length + 4] = Fixtures.message(message);
        Cli.Result r = cli.run(args);
        assertEquals(0, r.code(), r::toString);
        assertArrayEquals(Files.readAllBytes(Fixtures.payload()), Files.readAllBytes(out), message);
    }

    /** The serial number as {@code openssl x509 -serial} prints it, without "serial=". */
    static String opensslSerial(String certificate) throws Exception {
        Processes.Run run = Processes.run(
                "openssl",
                "x509",
                "-serial",
                "-noout",
                "-in",
                Fixtures.key(certificate).toString());
        assertEquals(0, run.code(), run.output());
        String line = run.output().strip();
        assertTrue(line.startsWith("serial="), line);
        return line.substring("serial=".length());
    }
}
