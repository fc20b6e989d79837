package org.cddsdecrypt.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Random;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key without a certificate is tried against every recipient of its algorithm, one private-key operation each:
 * beyond {@link KeyRing#MAX_TRIAL_RECIPIENTS} recipients the message is refused at once, unless the key's
 * certificate names its recipient.
 */
class TrialRecipientsTest {
    private static final byte[] CONTENT =
            "the content of a message with many recipients\n".getBytes(StandardCharsets.UTF_8);
    private static PublicKey bogus;
    private static X509Certificate real;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        bogus = generator.generateKeyPair().getPublic();
        try (var in = Files.newInputStream(Fixtures.key("rsa.crt"))) {
            real = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A DER message to {@code bogusCount} recipients named by random key ids, then to the fixture certificate. */
    private Path message(int bogusCount) throws Exception {
        CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
        Random random = new Random(bogusCount);
        for (int i = 0; i < bogusCount; i++) {
            byte[] keyId = new byte[20];
            random.nextBytes(keyId);
            generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(keyId, bogus));
        }
        generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(real));
        byte[] der = generator
                .generate(
                        new CMSProcessableByteArray(CONTENT),
                        new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build())
                .getEncoded();
        return Files.write(dir.resolve("to-" + (bogusCount + 1) + ".p7m"), der);
    }

    /**
     * Decrypts into {@code out-MESSAGE}; "rsa.key" is copied alone first, so that no certificate is found beside it
     * (a bare key).
     */
    private Cli.Result decrypt(Path message, String key) throws Exception {
        Path file = key.equals("rsa.key") ? bare() : Fixtures.key(key);
        return new Cli().run("decrypt", "-k", file, "-o", output(message), message);
    }

    private Path bare() throws Exception {
        Path copy = dir.resolve("bare.pem");
        return Files.exists(copy) ? copy : Files.copy(Fixtures.key("rsa.key"), copy);
    }

    private Path output(Path message) {
        return dir.resolve("out-" + message.getFileName());
    }

    @Test
    void aBareKeyIsNotTriedAgainstMoreRecipientsThanTheCap() throws Exception {
        Path many = message(5_000);
        Cli.Result r = decrypt(many, "rsa.key");
        assertEquals(ExitCode.KEY.code(), r.code(), r.toString());
        assertTrue(
                r.err().contains("5001 recipients")
                        && r.err().contains("more than the 64")
                        && r.err().contains("certificate"),
                r.err());
        assertFalse(Files.exists(output(many)), "nothing written");
    }

    @Test
    void aCertificateNamingTheRecipientStillDecryptsSuchAMessage() throws Exception {
        Path many = message(5_000);
        Cli.Result r = decrypt(many, "rsa-with-cert.pem");
        assertEquals(0, r.code(), r.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(output(many)));
    }

    @Test
    void upToTheCapABareKeyIsTriedAsBefore() throws Exception {
        Path atCap = message(KeyRing.MAX_TRIAL_RECIPIENTS - 1);
        Cli.Result r = decrypt(atCap, "rsa.key");
        assertEquals(0, r.code(), r.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(output(atCap)));
        Cli.Result over = decrypt(message(KeyRing.MAX_TRIAL_RECIPIENTS), "rsa.key");
        assertEquals(ExitCode.KEY.code(), over.code(), over.toString());
    }
}
