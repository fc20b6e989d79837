package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Openssl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys}: each key with its certificates as openssl sees them, expiry warnings, and the key a part needs. */
class KeysCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void jsonListsTheSerialFingerprintAndExpiryAsOpensslPrintsThem() throws Exception {
        NewPair pair = NewPair.make(dir, "cdds", "--no-passphrase");
        Cli.Result r = new Cli().run("keys", "--json", "-k", pair.key());
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err());
        JsonNode keys = JSON.readTree(r.out());
        assertEquals(1, keys.size(), r.out());
        JsonNode key = keys.get(0);
        assertEquals(pair.key().toString(), key.get("file").asText());
        assertEquals("RSA", key.get("type").asText());
        assertEquals(2048, key.get("bits").asInt());
        assertFalse(key.has("opens"), "only with a PART");
        JsonNode cert = key.get("certificates").get(0);
        assertEquals(Openssl.serial(pair.cert()), cert.get("serial").asText());
        String fingerprint = pair.openssl("-fingerprint", "-sha256").strip();
        assertEquals(
                fingerprint.substring(fingerprint.indexOf('=') + 1),
                cert.get("sha256").asText());
        assertEquals(pair.notAfter(), Instant.parse(cert.get("notAfter").asText()));
        assertTrue(cert.get("subject").asText().startsWith("CN=cdds-decrypt "), cert.toString());
        assertTrue(cert.get("matchesKey").asBoolean(), cert.toString());
        assertEquals(730, cert.get("daysLeft").asInt());
    }

    @Test
    void aTenDayCertificateGetsTheExpiryWarningAndTheExitStaysZero() throws Exception {
        NewPair soon = NewPair.make(dir, "soon", "--no-passphrase", "--days", "10");
        Cli.Result r = new Cli().run("keys", "-k", soon.key());
        assertEquals(0, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("cdds-decrypt: warning: the certificate of key " + soon.key()), r.err());
        assertTrue(
                r.err().contains("serial " + Openssl.serial(soon.cert()))
                        && r.err().contains("(in 10 days)"),
                r.err());
        assertEquals(
                10,
                JSON.readTree(new Cli()
                                .run("keys", "--json", "-q", "-k", soon.key())
                                .out())
                        .get(0)
                        .get("certificates")
                        .get(0)
                        .get("daysLeft")
                        .asInt());

        Cli.Result quiet = new Cli().run("keys", "-q", "-k", soon.key());
        assertEquals(0, quiet.code(), quiet::toString);
        assertEquals("", quiet.err());

        Cli.Result later = new Cli()
                .run(
                        "keys",
                        "-k",
                        NewPair.make(dir, "later", "--no-passphrase", "--days", "31")
                                .key());
        assertEquals("", later.err(), "31 days left: no warning");
    }

    @Test
    void oneLinePerKeyWithItsCertificateOrNone() throws Exception {
        Path alone = Files.copy(Fixtures.key("rsa2.key"), dir.resolve("alone.pem"));
        Cli.Result r = new Cli().run("keys", "-k", Fixtures.key("rsa.key"), "-k", alone, "-k", Fixtures.key("ec.key"));
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(
                lines.get(0)
                        .startsWith(Fixtures.key("rsa.key") + ": RSA 2048 bits; certificate \"CN=cdds-test-rsa\", "
                                + "serial " + Openssl.serial(Fixtures.key("rsa.crt")) + ", not after "),
                lines.get(0));
        assertTrue(lines.get(0).endsWith(", matches the key"), lines.get(0));
        assertEquals(alone + ": RSA 2048 bits; no certificate", lines.get(1));
        assertTrue(
                lines.get(2).startsWith(Fixtures.key("ec.key") + ": EC 256 bits; certificate \"CN=cdds-test-ec\""),
                lines.get(2));
    }

    @Test
    void aCertificateOfAnotherKeyBesideItIsNamedAndNotPaired() throws Exception {
        Path key = Files.copy(Fixtures.key("rsa.key"), dir.resolve("cdds.key"));
        Path cert = Files.copy(Fixtures.key("other.crt"), dir.resolve("cdds.crt"));
        Cli.Result r = new Cli().run("keys", "-k", key);
        assertEquals(0, r.code(), r::toString);
        assertEquals(key + ": RSA 2048 bits; no certificate", r.out().strip());
        assertTrue(
                r.err()
                        .contains("certificate in " + cert + " (\"CN=cdds-test-other\", serial "
                                + Openssl.serial(Fixtures.key("other.crt")) + ") belongs to none of the keys given"),
                r.err());
    }

    @Test
    void withAPartItSaysWhichKeyOpensIt() throws Exception {
        Cli.Result r = new Cli()
                .run(
                        "keys",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-k",
                        Fixtures.key("rsa2.key"),
                        Fixtures.message("rotated.smime"));
        assertEquals(0, r.code(), r::toString);
        assertTrue(
                r.out().endsWith(Fixtures.message("rotated.smime") + ": opened by " + Fixtures.key("rsa2.key") + "\n"),
                r.out());

        JsonNode keys = JSON.readTree(new Cli()
                .run(
                        "keys",
                        "--json",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-k",
                        Fixtures.key("rsa2.key"),
                        Fixtures.message("rotated.smime"))
                .out());
        assertFalse(keys.get(0).get("opens").asBoolean());
        assertTrue(keys.get(1).get("opens").asBoolean());
    }

    @Test
    void aKeyWithoutCertificateIsFoundByTryingIt() throws Exception {
        Path alone = Files.copy(Fixtures.key("rsa2.key"), dir.resolve("alone.pem"));
        Cli.Result r = new Cli().run("keys", "-k", alone, Fixtures.message("rotated.smime"));
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("rotated.smime: opened by " + alone), r.out());
    }

    @Test
    void whenNoKeyOpensThePartTheExitIsFourAndTheRecipientsAreNamed() throws Exception {
        Cli.Result r = new Cli().run("keys", "-k", Fixtures.key("other.key"), Fixtures.message("aes256.smime"));
        assertEquals(4, r.code(), r::toString);
        assertTrue(r.out().startsWith(Fixtures.key("other.key") + ": RSA"), "the keys are still listed: " + r.out());
        assertTrue(r.err().contains("no key matches a recipient of " + Fixtures.message("aes256.smime")), r.err());
        assertTrue(r.err().contains(Openssl.serial(Fixtures.key("rsa.crt"))), r.err());
    }

    @Test
    void aPartThatIsNotEncryptedOrMissingIsSaidSo() throws Exception {
        Cli.Result missing = new Cli().run("keys", "-k", Fixtures.key("rsa.key"), dir.resolve("absent.smime"));
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().contains("absent.smime: no such file"), missing.err());
        Cli.Result text = new Cli().run("keys", "-k", Fixtures.key("rsa.key"), Fixtures.message("notsmime.txt"));
        assertEquals(5, text.code(), text::toString);
        assertTrue(text.err().contains("notsmime.txt"), text.err());
    }

    @Test
    void keysComeFromFoldersAndTheEnvironmentAsElsewhere() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("keys"));
        NewPair first = NewPair.make(folder, "first", "--no-passphrase");
        Path other = Files.copy(Fixtures.key("other.key"), dir.resolve("other.key"));
        Files.copy(Fixtures.key("other.crt"), dir.resolve("other.crt"));
        Cli.Result r = new Cli().env("CDDS_DECRYPT_KEYS", other.toString()).run("keys", "-k", folder);
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith(first.key() + ": RSA 2048 bits; certificate"), lines.get(0));
        assertTrue(
                lines.get(1).startsWith(other + ": RSA 2048 bits; certificate \"CN=cdds-test-other\""),
                "other.crt beside it by name: " + lines.get(1));
    }
}
