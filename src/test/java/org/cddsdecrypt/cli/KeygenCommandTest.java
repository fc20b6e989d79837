package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code keygen}, judged by openssl: what the key, certificate and request hold, and what is never overwritten. */
class KeygenCommandTest {
    private static final String PASS = "c0rrect-h0rse-b4ttery";

    @TempDir
    Path dir;

    @Test
    void opensslShowsTheCertificatesExtensionsSignatureAndDefaults() throws Exception {
        NewPair pair = NewPair.make(dir, "cdds", "--key-size", "3072", "--no-passphrase");
        String text = pair.openssl("-text");
        assertTrue(text.contains("Version: 3 (0x2)"), text);
        assertTrue(text.contains("Signature Algorithm: sha256WithRSAEncryption"), text);
        assertTrue(text.contains("Public-Key: (3072 bit)"), text);
        assertTrue(
                Pattern.compile("X509v3 Key Usage: critical\\s+Key Encipherment, Data Encipherment\\s")
                        .matcher(text)
                        .find(),
                text);
        assertTrue(
                Pattern.compile("X509v3 Extended Key Usage: ?\\s+E-mail Protection\\s")
                        .matcher(text)
                        .find(),
                text);
        assertTrue(text.contains("X509v3 Subject Key Identifier"), text);

        String host = InetAddress.getLocalHost().getHostName();
        String subject = "CN = cdds-decrypt " + host + " " + LocalDate.now(ZoneOffset.UTC);
        assertEquals(
                "subject=" + subject + "\nissuer=" + subject,
                pair.openssl("-subject", "-issuer", "-nameopt", "oneline")
                        .replace("\r", "")
                        .strip());

        String serial = pair.openssl("-serial").strip().substring("serial=".length());
        assertEquals(32, serial.length(), "16 bytes: " + serial);
        assertEquals(1, new BigInteger(serial, 16).signum());
        assertTrue(Character.digit(serial.charAt(0), 16) < 8, "positive without a leading zero byte: " + serial);

        Instant notAfter = pair.notAfter();
        long hours = Duration.between(Instant.now(), notAfter).toHours();
        assertTrue(hours > 730 * 24 - 2 && hours <= 730 * 24, "730 days: " + notAfter);
    }

    @Test
    void everySerialIsNew() throws Exception {
        String first = NewPair.make(dir, "a", "--no-passphrase").openssl("-serial");
        String second = NewPair.make(dir, "b", "--no-passphrase").openssl("-serial");
        assertFalse(first.equals(second), first);
    }

    @Test
    void opensslReadsTheEncryptedKeyWithItsPassphraseOnly() throws Exception {
        NewPair pair = NewPair.make(dir, "cdds", "--passout", "pass:" + PASS);
        Processes.Run read =
                Processes.run("openssl", "pkey", "-in", pair.key().toString(), "-passin", "pass:" + PASS, "-pubout");
        assertEquals(0, read.code(), read.output());
        assertEquals(pair.openssl("-pubkey").strip(), read.output().strip(), "the certificate's public key");
        Processes.Run wrong =
                Processes.run("openssl", "pkey", "-in", pair.key().toString(), "-passin", "pass:not-" + PASS, "-noout");
        assertFalse(wrong.code() == 0, wrong.output());

        Processes.Run asn1 =
                Processes.run("openssl", "asn1parse", "-in", pair.key().toString());
        assertEquals(0, asn1.code(), asn1.output());
        for (String part : List.of(":PBES2", ":PBKDF2", ":hmacWithSHA256", ":aes-256-cbc")) {
            assertTrue(asn1.output().contains(part), part + " in\n" + asn1.output());
        }
        Matcher iterations = Pattern.compile("prim: INTEGER\\s+:([0-9A-F]+)").matcher(asn1.output());
        assertTrue(iterations.find(), asn1.output());
        assertTrue(Integer.parseInt(iterations.group(1), 16) >= 600_000, "iterations: " + iterations.group(1));
    }

    @Test
    void theKeyFileIsOwnerOnlyAndHoldsItsCertificateAfterTheKey() throws Exception {
        NewPair pair = NewPair.make(dir, "cdds", "--passout", "pass:" + PASS);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pair.key())));
        String key = Files.readString(pair.key());
        assertTrue(key.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"), key);
        assertTrue(key.endsWith(Files.readString(pair.cert())), "the certificate follows the key");
        assertEquals(List.of("cdds.crt", "cdds.key"), Trees.names(dir), "no temporary file left");
    }

    @Test
    void withoutAPassphraseTheKeyIsPlainAndStillOwnerOnly() throws Exception {
        NewPair pair = NewPair.make(dir, "cron", "--no-passphrase");
        assertTrue(Files.readString(pair.key()).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pair.key())));
        Processes.Run read = Processes.run("openssl", "pkey", "-in", pair.key().toString(), "-noout");
        assertEquals(0, read.code(), read.output());
    }

    @Test
    void opensslVerifiesTheRequestWhichHasTheSameSubjectAndKey() throws Exception {
        Path csr = dir.resolve("cdds.csr");
        NewPair pair =
                NewPair.make(dir, "cdds", "--no-passphrase", "--csr", csr, "--subject", "CN=cdds prod,O=Example");
        Processes.Run verify = Processes.run("openssl", "req", "-verify", "-noout", "-in", csr.toString());
        assertEquals(0, verify.code(), verify.output());
        assertTrue(verify.output().contains("verify OK"), verify.output());
        Processes.Run subject =
                Processes.run("openssl", "req", "-noout", "-subject", "-nameopt", "oneline", "-in", csr.toString());
        assertEquals(
                pair.openssl("-subject", "-nameopt", "oneline").strip(),
                subject.output().strip());
        Processes.Run pubkey = Processes.run("openssl", "req", "-noout", "-pubkey", "-in", csr.toString());
        assertEquals(pair.openssl("-pubkey").strip(), pubkey.output().strip());
        assertTrue(pair.run().out().contains(csr.toString()), pair.run().out());
    }

    @Test
    void aFileOpensslEncryptsToTheNewCertificateDecryptsWithTheNewKey() throws Exception {
        NewPair pair = NewPair.make(dir, "cdds", "--passout", "pass:" + PASS);
        Path payload = NewPair.payload(dir);
        Path message = pair.encrypt(payload, dir.resolve("export.zip.smime"));
        Path out = dir.resolve("out.bin");
        Cli.Result r = new Cli().run("decrypt", "-k", pair.key(), "--passin", "pass:" + PASS, "-o", out, message);
        assertEquals(0, r.code(), r::toString);
        assertArrayEquals(Files.readAllBytes(payload), Files.readAllBytes(out));
    }

    /**
     * The --csr path: a CA (openssl's, here) issues a certificate for the request, exports are encrypted to that
     * one, and the key file, which holds only the self-signed certificate, still opens them (it is tried when no
     * certificate names the recipient).
     */
    @Test
    void aCertificateACaIssuesFromTheRequestOpensWithTheKeyFile() throws Exception {
        Path csr = dir.resolve("cdds.csr");
        NewPair pair = NewPair.make(dir, "cdds", "--passout", "pass:" + PASS, "--csr", csr);
        Path caKey = dir.resolve("ca.key");
        Path caCert = dir.resolve("ca.crt");
        Path issued = dir.resolve("issued.crt");
        for (List<String> command : List.of(
                List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        caKey.toString(),
                        "-out",
                        caCert.toString(),
                        "-subj",
                        "/CN=Example CA",
                        "-days",
                        "30"),
                List.of(
                        "openssl",
                        "x509",
                        "-req",
                        "-in",
                        csr.toString(),
                        "-CA",
                        caCert.toString(),
                        "-CAkey",
                        caKey.toString(),
                        "-CAcreateserial",
                        "-days",
                        "30",
                        "-out",
                        issued.toString()))) {
            Processes.Run run = Processes.run(dir, Map.of(), command);
            assertEquals(0, run.code(), run.output());
        }
        Path payload = NewPair.payload(dir);
        Path message = new NewPair(pair.key(), issued, null).encrypt(payload, dir.resolve("export.zip.smime"));
        Path out = dir.resolve("out.bin");
        Cli.Result r = new Cli().run("decrypt", "-k", pair.key(), "--passin", "pass:" + PASS, "-o", out, message);
        assertEquals(0, r.code(), r::toString);
        assertArrayEquals(Files.readAllBytes(payload), Files.readAllBytes(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2048", "4096"})
    void otherKeySizes(String bits) throws Exception {
        NewPair pair = NewPair.make(dir, "k" + bits, "--no-passphrase", "--key-size", bits);
        assertTrue(pair.openssl("-text").contains("Public-Key: (" + bits + " bit)"));
    }

    @Test
    void aSubjectInOpensslsFormIsTheSameName() throws Exception {
        String rfc = NewPair.make(dir, "a", "--no-passphrase", "--subject", "CN=cdds prod,O=Example Ltd")
                .openssl("-subject", "-nameopt", "RFC2253");
        String openssl = NewPair.make(dir, "b", "--no-passphrase", "--subject", "/O=Example Ltd/CN=cdds prod")
                .openssl("-subject", "-nameopt", "RFC2253");
        assertEquals("subject=CN=cdds prod,O=Example Ltd", rfc.strip());
        assertEquals(rfc, openssl);
    }

    @Test
    void itPrintsWhereBothWentTheFingerprintTheExpiryAndTheNextStep() throws Exception {
        NewPair pair = NewPair.make(dir, "cdds", "--no-passphrase", "--days", "90");
        String out = pair.run().out();
        assertTrue(out.contains("key:          " + pair.key()), out);
        assertTrue(out.contains("certificate:  " + pair.cert()), out);
        String fingerprint = pair.openssl("-fingerprint", "-sha256").strip();
        assertTrue(out.contains("SHA-256:      " + fingerprint.substring(fingerprint.indexOf('=') + 1)), out);
        Instant notAfter = pair.notAfter();
        assertTrue(
                out.contains("expires:      "
                        + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                                .withZone(ZoneOffset.UTC)
                                .format(notAfter)
                        + " (valid for 90 days)"),
                out);
        assertTrue(
                out.contains(
                        "upload " + pair.cert() + " as the encryption certificate in your CDDS user " + "preferences"),
                out);
        assertTrue(out.contains("open only with this key"), out);
        assertEquals("", pair.run().err());
        assertEquals(
                "", NewPair.make(dir, "quiet", "--no-passphrase", "-q").run().out());
    }

    @Test
    void anExistingKeyIsNotOverwritten() throws Exception {
        Path key = Files.writeString(dir.resolve("cdds.key"), "the key that opens last month's exports\n");
        Path cert = dir.resolve("cdds.crt");
        Cli.Result r = new Cli().run("keygen", "--key", key, "--cert", cert, "--no-passphrase");
        assertEquals(7, r.code(), r::toString);
        assertTrue(
                r.err()
                        .contains(key + " already exists: pass --force to replace it, or choose another name "
                                + "with --key"),
                r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("the key that opens last month's exports\n", Files.readString(key));
        assertEquals(List.of("cdds.key"), Trees.names(dir), "no certificate and no temporary file");
    }

    @Test
    void anExistingCertificateOrRequestStopsTheKeyToo() throws Exception {
        Path cert = Files.writeString(dir.resolve("cdds.crt"), "someone's certificate\n");
        Cli.Result r = new Cli().run("keygen", "--key", dir.resolve("new/cdds.key"), "--cert", cert, "--no-passphrase");
        assertEquals(7, r.code(), r::toString);
        assertTrue(r.err().contains("with --cert"), r.err());
        assertEquals("someone's certificate\n", Files.readString(cert));
        assertEquals(List.of("cdds.crt"), Trees.names(dir), "no key, and the key's new folder removed");

        Path csr = Files.writeString(dir.resolve("cdds.csr"), "a request\n");
        Cli.Result withCsr = new Cli()
                .run(
                        "keygen",
                        "--key",
                        dir.resolve("k.key"),
                        "--cert",
                        dir.resolve("k.crt"),
                        "--csr",
                        csr,
                        "--no-passphrase");
        assertEquals(7, withCsr.code(), withCsr::toString);
        assertEquals(List.of("cdds.crt", "cdds.csr"), Trees.names(dir));
    }

    @Test
    void forceReplacesTheFiles() throws Exception {
        NewPair first = NewPair.make(dir, "cdds", "--no-passphrase");
        String firstKey = Files.readString(first.key());
        NewPair second = NewPair.make(dir, "cdds", "--no-passphrase", "--force");
        assertFalse(Files.readString(second.key()).equals(firstKey));
        assertEquals(List.of("cdds.crt", "cdds.key"), Trees.names(dir));
    }

    @Test
    void aNewFolderForTheKeyIsOwnerOnly() throws Exception {
        NewPair pair = NewPair.make(dir.resolve(".cdds/keys"), "cdds", "--no-passphrase");
        assertTrue(Files.isRegularFile(pair.key()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".cdds"))));
        assertEquals(
                "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".cdds/keys"))));
    }

    @Test
    void thePassphraseComesFromEveryPassoutFormAndNeverAppearsInTheOutput() throws Exception {
        Path file = Files.writeString(dir.resolve("pass.txt"), PASS + "\nnot part of it\n");
        Map<String, String> forms = Map.of("env", "env:NEW_KEY_PASS", "file", "file:" + file, "pass", "pass:" + PASS);
        for (Map.Entry<String, String> form : forms.entrySet()) {
            Path key = dir.resolve(form.getKey() + ".key");
            Cli.Result r = new Cli()
                    .env("NEW_KEY_PASS", PASS)
                    .run(
                            "keygen",
                            "-v",
                            "--key",
                            key,
                            "--cert",
                            dir.resolve(form.getKey() + ".crt"),
                            "--key-size",
                            "2048",
                            "--passout",
                            form.getValue());
            assertEquals(0, r.code(), r::toString);
            assertFalse(r.out().contains(PASS) || r.err().contains(PASS), r::toString);
            assertFalse(Files.readString(key).contains(PASS));
            Processes.Run read =
                    Processes.run("openssl", "pkey", "-in", key.toString(), "-passin", "pass:" + PASS, "-noout");
            assertEquals(0, read.code(), form + ": " + read.output());
        }
    }

    @Test
    void passoutFromADescriptor() throws Exception {
        Path file = Files.writeString(dir.resolve("pass.txt"), PASS + "\n");
        Path key = dir.resolve("fd.key");
        StringBuilder command = new StringBuilder("exec");
        for (String word : Processes.cddsDecrypt(
                "keygen",
                "--key",
                key.toString(),
                "--cert",
                dir.resolve("fd.crt").toString(),
                "--key-size",
                "2048",
                "--passout",
                "fd:3")) {
            command.append(' ').append(Processes.shellQuote(word));
        }
        command.append(" 3<").append(Processes.shellQuote(file.toString()));
        Processes.Run run = Processes.run(dir, Map.of(), List.of("bash", "-c", command.toString()));
        assertEquals(0, run.code(), run.output());
        Processes.Run read =
                Processes.run("openssl", "pkey", "-in", key.toString(), "-passin", "pass:" + PASS, "-noout");
        assertEquals(0, read.code(), read.output());
    }

    @Test
    void aPassoutThatGivesNoPassphraseWritesNothing() throws Exception {
        Cli.Result unset = new Cli()
                .run(
                        "keygen",
                        "--key",
                        dir.resolve("k.key"),
                        "--cert",
                        dir.resolve("k.crt"),
                        "--passout",
                        "env:CDDS_TEST_UNSET");
        assertEquals(4, unset.code(), unset::toString);
        assertTrue(
                unset.err()
                        .contains(
                                "--passout env:CDDS_TEST_UNSET: environment variable CDDS_TEST_UNSET is not " + "set"),
                unset.err());

        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        Cli.Result blank = new Cli()
                .run(
                        "keygen",
                        "--key",
                        dir.resolve("k.key"),
                        "--cert",
                        dir.resolve("k.crt"),
                        "--passout",
                        "file:" + empty);
        assertEquals(2, blank.code(), blank::toString);
        assertTrue(blank.err().contains("empty passphrase") && blank.err().contains("--no-passphrase"), blank.err());
        assertEquals(List.of("empty.txt"), Trees.names(dir));
    }

    @Test
    void withoutATerminalItSaysHowToGiveThePassphrase() throws Exception {
        assumeTrue(System.console() == null, "a terminal is attached: the tool would ask");
        Cli.Result r = new Cli().run("keygen", "--key", dir.resolve("k.key"), "--cert", dir.resolve("k.crt"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--passout") && r.err().contains("--no-passphrase"), r.err());
        assertEquals(List.of(), Trees.names(dir));
    }

    @Test
    void badValuesAreUsageErrorsThatWriteNothing() throws Exception {
        Path key = dir.resolve("k.key");
        Path cert = dir.resolve("k.crt");
        Object[][] cases = {
            {"--key-size", "1024", "--no-passphrase"},
            {"--days", "0", "--no-passphrase"},
            {"--subject", "no equals sign", "--no-passphrase"},
            {"--passout", "pass:x", "--no-passphrase"},
            {"--passout", "secret-without-form"}
        };
        String[] messages = {
            "--key-size 1024: give 2048, 3072 or 4096",
            "--days 0: give a number of days",
            "--subject 'no equals sign' is not a name",
            "mutually exclusive",
            "--passout: unknown form"
        };
        for (int i = 0; i < cases.length; i++) {
            List<Object> args = new java.util.ArrayList<>(List.of("keygen", "--key", key, "--cert", cert));
            args.addAll(List.of(cases[i]));
            Cli.Result r = new Cli().run(args.toArray());
            assertEquals(2, r.code(), r::toString);
            assertTrue(r.err().contains(messages[i]), r.err());
            assertFalse(r.err().contains("secret-without-form"), r.err());
        }
        Cli.Result same = new Cli().run("keygen", "--key", key, "--cert", key, "--no-passphrase");
        assertEquals(2, same.code(), same::toString);
        assertTrue(same.err().contains("three different files"), same.err());
        assertEquals(List.of(), Trees.names(dir));
    }

    @Test
    void opensslReqOptionsAreAnsweredWithTheirKeygenNames() {
        Cli.Result r =
                new Cli().run("keygen", "-newkey", "rsa:3072", "-keyout", "k.key", "-out", "k.crt", "-subj", "/CN=x");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("'-newkey' is an openssl option: did you mean --key-size BITS?"), r.err());
        Cli.Result nodes = new Cli().run("keygen", "--key", "k.key", "--cert", "k.crt", "-nodes");
        assertTrue(nodes.err().contains("did you mean --no-passphrase?"), nodes.err());
    }
}
