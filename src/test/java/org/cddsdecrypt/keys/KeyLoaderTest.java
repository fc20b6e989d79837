package org.cddsdecrypt.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyLoaderTest {
    private static final String PASS = "secret";

    private final List<String> warnings = new ArrayList<>();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "rsa.key",
                "rsa-pkcs1.key",
                "rsa-pkcs1-enc.key",
                "rsa-pkcs8-enc.key",
                "rsa.der",
                "rsa.p12",
                "rsa-legacy.p12",
                "rsa-with-cert.pem"
            })
    void everyRsaFormatGivesTheSameKey(String file) throws Exception {
        RSAPrivateKey reference =
                (RSAPrivateKey) single(load(PassphraseSource.none(), "rsa.key")).privateKey();
        KeyEntry entry = single(load(PassphraseSource.fixed(PASS.toCharArray()), file));
        RSAPrivateKey key = (RSAPrivateKey) entry.privateKey();
        assertEquals(reference.getModulus(), key.getModulus());
        assertEquals(reference.getPrivateExponent(), key.getPrivateExponent());
        assertNotNull(entry.publicKey(), "public key derived or taken from the certificate");
        assertEquals(Fixtures.key(file).toString(), entry.source());
    }

    @Test
    void certificatesTravelWithTheirKey() throws Exception {
        for (String file : new String[] {"rsa-with-cert.pem", "rsa.p12"}) {
            KeyEntry entry = single(load(PassphraseSource.fixed(PASS.toCharArray()), file));
            assertEquals(1, entry.certificates().size(), file);
            assertEquals(
                    "CN=cdds-test-rsa",
                    entry.certificates().get(0).getSubjectX500Principal().getName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec.key", "ec-pkcs8.key"})
    void ecKeys(String file) throws Exception {
        KeyEntry entry = single(load(PassphraseSource.none(), file));
        assertTrue(
                entry.privateKey() instanceof ECPrivateKey,
                entry.privateKey().getClass().getName());
    }

    @Test
    void directoryLoadsEveryKeyAndPairsLooseCertificates() throws Exception {
        KeyRing ring =
                new KeyLoader(PassphraseSource.fixed(PASS.toCharArray()), warnings::add).load(List.of(Fixtures.keys()));
        assertTrue(
                sources(ring)
                        .containsAll(List.of(
                                "rsa.key",
                                "rsa-pkcs1.key",
                                "rsa-pkcs1-enc.key",
                                "rsa-pkcs8-enc.key",
                                "rsa.der",
                                "rsa.p12",
                                "rsa-legacy.p12",
                                "rsa-with-cert.pem",
                                "rsa2.key",
                                "other.key",
                                "ec.key",
                                "ec-pkcs8.key")),
                sources(ring).toString());
        assertFalse(sources(ring).stream().anyMatch(s -> s.endsWith(".crt")), "certificates are not keys");
        KeyEntry rsa2 = ring.keys().stream()
                .filter(k -> k.source().endsWith("rsa2.key"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, rsa2.certificates().size(), "rsa2.crt paired by public key");
        assertEquals(
                "CN=cdds-test-rsa2",
                rsa2.certificates().get(0).getSubjectX500Principal().getName());
        assertTrue(
                warnings.stream().anyMatch(w -> w.contains("weak-perms.key") && w.contains("chmod 600")),
                warnings.toString());
    }

    @Test
    void encryptedKeysInADirectoryWithoutPassphraseAreSkippedWithAWarning() throws Exception {
        KeyRing ring = new KeyLoader(PassphraseSource.none(), warnings::add).load(List.of(Fixtures.keys()));
        assertTrue(sources(ring).containsAll(List.of("rsa.key", "rsa.der", "rsa2.key", "ec.key")));
        for (String encrypted : new String[] {"rsa-pkcs1-enc.key", "rsa-pkcs8-enc.key", "rsa.p12"}) {
            assertFalse(sources(ring).contains(encrypted), encrypted);
        }
        assertTrue(
                warnings.stream().anyMatch(w -> w.contains("rsa.p12") && w.contains("--passin")), warnings.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs1-enc.key", "rsa-pkcs8-enc.key", "rsa.p12", "rsa-legacy.p12"})
    void wrongPassphraseNamesTheFileButNotThePassphrase(String file) {
        KeyException e =
                assertThrows(KeyException.class, () -> load(PassphraseSource.fixed("Tr0ub4dor&3".toCharArray()), file));
        assertTrue(e.getMessage().contains(Fixtures.key(file).toString()), e.getMessage());
        assertFalse(e.getMessage().contains("Tr0ub4dor"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs1-enc.key", "rsa-pkcs8-enc.key", "rsa.p12"})
    void encryptedKeyWithoutPassphraseSaysHowToGiveOne(String file) {
        KeyException e = assertThrows(KeyException.class, () -> load(PassphraseSource.none(), file));
        assertTrue(e.getMessage().contains("--passin"), e.getMessage());
        assertTrue(e.getMessage().contains(file), e.getMessage());
    }

    @Test
    void aFileNamedExplicitlyMustHoldAKey() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a key\n");
        KeyException e = assertThrows(
                KeyException.class, () -> new KeyLoader(PassphraseSource.none(), warnings::add).load(List.of(text)));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());

        KeyException missing = assertThrows(
                KeyException.class,
                () -> new KeyLoader(PassphraseSource.none(), warnings::add).load(List.of(dir.resolve("absent.key"))));
        assertTrue(missing.getMessage().contains("absent.key"), missing.getMessage());
    }

    @Test
    void aDerPkcs8KeyOfAnUnknownAlgorithmIsSaidToBeUnsupported() throws Exception {
        byte[] der = new PrivateKeyInfo(
                        new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1")),
                        new DEROctetString(new byte[32]))
                .getEncoded();
        Path key = Files.write(dir.resolve("odd.der"), der);
        KeyException e = assertThrows(
                KeyException.class, () -> new KeyLoader(PassphraseSource.none(), warnings::add).load(List.of(key)));
        assertTrue(e.getMessage().startsWith("unsupported or damaged private key in " + key), e.getMessage());
    }

    @Test
    void certificateAloneIsNoKey() {
        assertThrows(KeyException.class, () -> load(PassphraseSource.none(), "rsa.crt"));
    }

    @ParameterizedTest(name = "{0} beside {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "cdds.key, cdds.crt",
        "cdds.pem, cdds.cer",
        "cdds.key, cdds.pem",
        "demo-key.pem, demo-cert.pem"
    })
    void aCertificateBesideAKeyFileByNameIsPaired(String keyName, String certName) throws Exception {
        Path key = Files.copy(Fixtures.key("rsa.key"), dir.resolve(keyName));
        Files.copy(Fixtures.key("rsa.crt"), dir.resolve(certName));
        KeyRing ring = new KeyLoader(PassphraseSource.none(), warnings::add).load(List.of(key));
        KeyEntry entry = single(ring);
        assertEquals(1, entry.certificates().size(), keyName + " with " + certName);
        assertEquals(
                "CN=cdds-test-rsa",
                entry.certificates().get(0).getSubjectX500Principal().getName());
        assertEquals(List.of(), ring.unpairedCertificates());
    }

    @Test
    void aKeyFileAloneHasNoCertificate() throws Exception {
        Path key = Files.copy(Fixtures.key("rsa.key"), dir.resolve("cdds.key"));
        Files.copy(Fixtures.key("rsa.crt"), dir.resolve("unrelated-name.crt"));
        assertEquals(
                List.of(),
                single(new KeyLoader(PassphraseSource.none(), warnings::add).load(List.of(key)))
                        .certificates());
    }

    @Test
    void aCertificateOfAnotherKeyBesideItIsNotPairedButKeptAsUnpaired() throws Exception {
        Path key = Files.copy(Fixtures.key("rsa.key"), dir.resolve("cdds.key"));
        Path cert = Files.copy(Fixtures.key("other.crt"), dir.resolve("cdds.crt"));
        KeyRing ring = new KeyLoader(PassphraseSource.none(), warnings::add).load(List.of(key));
        assertEquals(List.of(), single(ring).certificates(), "never used to name a recipient");
        assertEquals(1, ring.unpairedCertificates().size());
        assertEquals(cert.toString(), ring.unpairedCertificates().get(0).source());
    }

    @Test
    void aCertificateGivenTwiceIsPairedOnce() throws Exception {
        Path key = Files.copy(Fixtures.key("rsa-with-cert.pem"), dir.resolve("cdds.key"));
        Path cert = Files.copy(Fixtures.key("rsa.crt"), dir.resolve("cdds.crt"));
        KeyRing ring = new KeyLoader(PassphraseSource.none(), warnings::add).load(List.of(key, cert));
        assertEquals(1, single(ring).certificates().size());
    }

    @Test
    void companionNamesOfAKeyFile() {
        assertEquals(List.of("k.crt", "k.cer", "k.pem"), names(KeyLoader.companionNames(Path.of("d/k.key"))));
        assertEquals(
                List.of("a-key.crt", "a-key.cer", "a-cert.pem"), names(KeyLoader.companionNames(Path.of("a-key.pem"))));
        assertEquals(
                List.of("store.crt", "store.cer", "store.pem"), names(KeyLoader.companionNames(Path.of("store.p12"))));
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }

    private KeyRing load(PassphraseSource passphrases, String file) throws KeyException {
        return new KeyLoader(passphrases, warnings::add).load(List.of(Fixtures.key(file)));
    }

    private static List<String> sources(KeyRing ring) {
        return ring.keys().stream()
                .map(k -> Path.of(k.source()).getFileName().toString())
                .toList();
    }

    private static KeyEntry single(KeyRing ring) {
        assertEquals(1, ring.keys().size());
        return ring.keys().get(0);
    }

    /**
     * The PKCS#8 encryptions openssl offers, made by openssl here: each gives the same key (on the JDK's providers,
     * or Bouncy Castle's for scrypt), and a wrong passphrase is reported as such for each.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "-v2 aes-256-cbc",
                "-v2 aes-128-cbc -v2prf hmacWithSHA512",
                "-v2 des3",
                "-v1 PBE-SHA1-3DES",
                "-scrypt"
            })
    void everyPkcs8EncryptionOpensslWritesLoads(String options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "openssl",
                "pkcs8",
                "-topk8",
                "-in",
                Fixtures.key("rsa.key").toString(),
                "-passout",
                "pass:" + PASS,
                "-out",
                dir.resolve("k.pem").toString()));
        command.addAll(List.of(options.split(" ")));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, output);

        RSAPrivateKey reference =
                (RSAPrivateKey) single(load(PassphraseSource.none(), "rsa.key")).privateKey();
        KeyRing ring = new KeyLoader(PassphraseSource.fixed(PASS.toCharArray()), warnings::add)
                .load(List.of(dir.resolve("k.pem")));
        assertEquals(
                reference.getPrivateExponent(), ((RSAPrivateKey) single(ring).privateKey()).getPrivateExponent());
        KeyException wrong = assertThrows(
                KeyException.class,
                () -> new KeyLoader(PassphraseSource.fixed("Tr0ub4dor&3".toCharArray()), warnings::add)
                        .load(List.of(dir.resolve("k.pem"))));
        assertTrue(wrong.getMessage().contains("wrong passphrase"), wrong.getMessage());
    }
}
