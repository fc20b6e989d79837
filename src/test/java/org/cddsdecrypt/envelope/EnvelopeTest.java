package org.cddsdecrypt.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvelopeTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "aes256.smime, SMIME",
        "crlf.smime, SMIME",
        "stream.smime, SMIME",
        "gcm.smime, SMIME",
        "der.p7m, DER",
        "gcm.p7m, DER",
        "cms.pem, PEM",
        "pkcs7.pem, PEM"
    })
    void detectsTheWrapping(String fixture, EnvelopeFormat expected) throws IOException {
        try (InputStream in = Files.newInputStream(Fixtures.message(fixture))) {
            Envelope envelope = Envelope.open(in);
            assertEquals(expected, envelope.format());
            // Whatever the wrapping, what comes out is the DER of a ContentInfo: SEQUENCE tag first.
            assertEquals(0x30, envelope.der().read());
        }
    }

    /** Every wrapping of the same DER unwraps to exactly those bytes. */
    @Test
    void unwrapsToTheSameDerAsTheRawFile() throws IOException {
        byte[] der = Files.readAllBytes(Fixtures.message("der.p7m"));
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        String smime = "MIME-Version: 1.0\n"
                + "Content-Disposition: attachment; filename=\"smime.p7m\"\n"
                + "Content-Type: application/x-pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\"\n"
                + "Content-Transfer-Encoding: base64\n\n" + b64 + "\n\n";
        String pem = "-----BEGIN CMS-----\n" + b64 + "\n-----END CMS-----\n";
        for (String text : new String[] {smime, smime.replace("\n", "\r\n"), pem, b64}) {
            Envelope envelope = Envelope.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
            assertEquals(
                    java.util.HexFormat.of().formatHex(der),
                    java.util.HexFormat.of().formatHex(envelope.der().readAllBytes()),
                    envelope.format().label());
        }
    }

    @Test
    void headersInAnyOrderWithFoldingAndEitherMediaType() throws IOException {
        byte[] der = Files.readAllBytes(Fixtures.message("der.p7m"));
        String b64 = Base64.getMimeEncoder().encodeToString(der);
        String smime = "Content-Transfer-Encoding: base64\r\n"
                + "Content-Type: application/pkcs7-mime;\r\n\tsmime-type=enveloped-data;\r\n name=\"smime.p7m\"\r\n"
                + "X-Other: value\r\n\r\n" + b64 + "\r\n";
        Envelope envelope = Envelope.open(new ByteArrayInputStream(smime.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(EnvelopeFormat.SMIME, envelope.format());
        assertEquals(der.length, envelope.der().readAllBytes().length);
    }

    @Test
    void saysWhatAFileIsWhenItIsNoMessage() {
        assertNotCms("hello\nworld\n".getBytes(StandardCharsets.US_ASCII), "plain text");
        assertNotCms(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}, "zip");
        assertNotCms(new byte[0], "empty");
        assertNotCms(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3}, "binary data starting with 89 50");
    }

    @Test
    void refusesOtherMimeTypesAndPemLabels() {
        CorruptInputException signed = assertThrows(
                CorruptInputException.class,
                () -> Envelope.open(stream("Content-Type: multipart/signed; protocol=x\n\nbody\n")));
        assertTrue(signed.getMessage().contains("multipart/signed"), signed.getMessage());
        CorruptInputException cert = assertThrows(
                CorruptInputException.class,
                () -> Envelope.open(stream("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")));
        assertTrue(cert.getMessage().contains("CERTIFICATE"), cert.getMessage());
    }

    private static void assertNotCms(byte[] bytes, String expected) {
        CorruptInputException e =
                assertThrows(CorruptInputException.class, () -> Envelope.open(new ByteArrayInputStream(bytes)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
