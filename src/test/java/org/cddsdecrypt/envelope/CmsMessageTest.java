package org.cddsdecrypt.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the fixtures really contain, so that the decryption tests cover each algorithm and recipient kind. */
class CmsMessageTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "aes128.smime, AES128_CBC, false",
        "aes192.smime, AES192_CBC, false",
        "aes256.smime, AES256_CBC, false",
        "des3.smime, DES_EDE3_CBC, false",
        "stream.smime, AES256_CBC, false",
        "gcm.smime, AES256_GCM, true",
        "gcm.p7m, AES256_GCM, true"
    })
    void readsTheContentAlgorithm(String fixture, ContentAlgorithm algorithm, boolean authenticated)
            throws IOException {
        CmsMessage message = parse(fixture);
        assertEquals(algorithm, message.contentAlgorithm());
        assertEquals(authenticated, message.isAuthenticated());
    }

    @Test
    void recipientIdentifiedByIssuerAndSerial() throws Exception {
        CmsMessage message = parse("aes256.smime");
        X509Certificate cert = certificate("rsa.crt");
        assertEquals(1, message.recipients().size());
        Recipient r = message.recipients().get(0);
        assertEquals(Recipient.Kind.KEY_TRANSPORT, r.kind());
        assertEquals(cert.getSerialNumber(), r.serial());
        assertEquals("CN=cdds-test-rsa", r.issuer().toString());
    }

    @Test
    void recipientKinds() throws Exception {
        Recipient keyId = parse("keyid.smime").recipients().get(0);
        assertNull(keyId.issuer());
        assertNotNull(keyId.subjectKeyId());

        Recipient ec = parse("ec.smime").recipients().get(0);
        assertEquals(Recipient.Kind.KEY_AGREEMENT, ec.kind());
        assertNotNull(ec.originatorKey());
        assertEquals(certificate("ec.crt").getSerialNumber(), ec.serial());

        // OAEP is a key transport recipient with the RSAES-OAEP algorithm.
        assertEquals(
                "1.2.840.113549.1.1.7",
                parse("oaep.smime")
                        .recipients()
                        .get(0)
                        .keyEncryptionAlgorithm()
                        .getAlgorithm()
                        .getId());
    }

    @Test
    void listsEveryRecipientOfAMessageForSeveral() throws Exception {
        List<Recipient> recipients = parse("multi.smime").recipients();
        assertEquals(3, recipients.size());
        List<BigInteger> serials = recipients.stream().map(Recipient::serial).toList();
        for (String crt : new String[] {"rsa.crt", "other.crt", "ec.crt"}) {
            assertEquals(true, serials.contains(certificate(crt).getSerialNumber()), crt);
        }
        assertEquals(
                2,
                recipients.stream()
                        .filter(r -> r.kind() == Recipient.Kind.KEY_TRANSPORT)
                        .count());
        assertEquals(
                1,
                recipients.stream()
                        .filter(r -> r.kind() == Recipient.Kind.KEY_AGREEMENT)
                        .count());
    }

    @Test
    void truncatedHeaderIsCorruptInput() throws IOException {
        byte[] der = Files.readAllBytes(Fixtures.message("der.p7m"));
        byte[] head = java.util.Arrays.copyOf(der, 100);
        assertThrows(CorruptInputException.class, () -> CmsMessage.parse(new ByteArrayInputStream(head)));
    }

    @Test
    void serialHexMatchesOpensslFormatting() {
        assertEquals("34C5C24AAFA44C25", serial("34C5C24AAFA44C25"));
        // openssl prints whole bytes: a leading zero nibble is kept.
        assertEquals("0ABC", serial("ABC"));
        assertEquals("01", serial("1"));
        assertEquals("00", serial("0"));
    }

    private static String serial(String hex) {
        return new Recipient(Recipient.Kind.KEY_TRANSPORT, null, new BigInteger(hex, 16), null, null, null, null, null)
                .serialHex();
    }

    static CmsMessage parse(String fixture) throws IOException {
        try (InputStream in = Files.newInputStream(Fixtures.message(fixture))) {
            return CmsMessage.parse(Envelope.open(in).der());
        }
    }

    static X509Certificate certificate(String name) throws Exception {
        try (InputStream in = Files.newInputStream(Fixtures.key(name))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
