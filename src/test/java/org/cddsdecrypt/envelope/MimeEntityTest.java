package org.cddsdecrypt.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cddsdecrypt.error.CorruptInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MimeEntityTest {
    private static final byte[] ZIP = zipLike(100_000, 1);

    @Test
    void contentThatIsNoEntityPassesUnchanged() throws IOException {
        assertArrayEquals(ZIP, body(ZIP));
        assertArrayEquals(new byte[0], body(new byte[0]));
        byte[] shortText = "PK".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(shortText, body(shortText));
        // A header line that no MIME entity starts with (mail headers, or bytes that happen to look like one).
        byte[] mail = ascii("Subject: not MIME\r\n\r\nbody");
        assertArrayEquals(mail, body(mail));
        byte[] colonLater = ascii("Content-Type is text: not a header line");
        assertArrayEquals(colonLater, body(colonLater));
    }

    @Test
    void randomSegmentStartsAreNotTakenForEntities() throws IOException {
        // Segments past the first start anywhere in compressed data: none of a million random starts is a header.
        Random random = new Random(11);
        byte[] head = new byte[64];
        for (int i = 0; i < 1_000_000; i++) {
            random.nextBytes(head);
            if (MimeEntity.firstHeaderName(head) != null) {
                throw new AssertionError("random bytes taken for a MIME header: "
                        + Base64.getEncoder().encodeToString(head));
            }
        }
        assertTrue(MimeEntity.firstHeaderName(ascii("content-type: x".repeat(5))) != null, "case-insensitive");
        assertTrue(MimeEntity.firstHeaderName(ascii("MIME-Version: 1.0\r\n".repeat(4))) != null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\n"})
    void base64BodyIsDecoded(String eol) throws IOException {
        String entity = "Content-Type: application/zip;" + eol + "\tname=\"export.zip\"" + eol
                + "Content-Transfer-Encoding: BASE64" + eol
                + "Content-Disposition: attachment; filename=\"export.zip\"" + eol + eol
                + Base64.getMimeEncoder(76, eol.getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(ZIP) + eol;
        assertArrayEquals(ZIP, body(ascii(entity)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary", "8bit", "7bit", ""})
    void rawBodyIsTheBytesAfterTheBlankLine(String encoding) throws IOException {
        String headers = "MIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n"
                + (encoding.isEmpty() ? "" : "Content-Transfer-Encoding: " + encoding + "\r\n") + "\r\n";
        assertArrayEquals(ZIP, body(concat(ascii(headers), ZIP)));
    }

    @Test
    void headersWithoutABlankLineAreNotAnEntity() {
        CorruptInputException e = assertThrows(
                CorruptInputException.class, () -> body(concat(ascii("Content-Type: application/zip\r\n"), ZIP)));
        assertTrue(
                e.getMessage()
                        .startsWith("the decrypted content starts with a MIME header (Content-Type) but is "
                                + "not a MIME entity: "),
                e.getMessage());
        assertThrows(CorruptInputException.class, () -> body(ascii("Content-Type: application/zip\r\n")));
    }

    @Test
    void endlessHeadersAreRefused() {
        byte[] endless = ascii("Content-Type: application/zip\r\n" + "X-Filler: yes\r\n".repeat(10_000));
        CorruptInputException e = assertThrows(CorruptInputException.class, () -> body(endless));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }

    @Test
    void multipartAndUnknownEncodingsAreRefusedByName() {
        CorruptInputException multipart = assertThrows(
                CorruptInputException.class,
                () -> body(ascii("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n")));
        assertTrue(multipart.getMessage().contains("multipart/mixed"), multipart.getMessage());
        CorruptInputException qp = assertThrows(
                CorruptInputException.class,
                () -> body(
                        ascii(
                                "Content-Type: application/zip\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nPK=03=04")));
        assertTrue(qp.getMessage().contains("quoted-printable"), qp.getMessage());
    }

    @Test
    void invalidBase64BodyIsCorruptInput() {
        assertThrows(
                CorruptInputException.class,
                () -> body(ascii(
                        "Content-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA*=\r\n")));
    }

    @Test
    void closingTheBodyClosesTheContent() throws IOException {
        for (String entity : new String[] {
            "Content-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n", "Content-Type: application/zip\r\n\r\nPK"
        }) {
            AtomicBoolean closed = new AtomicBoolean();
            InputStream content = new ByteArrayInputStream(ascii(entity)) {
                @Override
                public void close() {
                    closed.set(true);
                }
            };
            MimeEntity.bodyOf(content).close();
            assertTrue(closed.get(), entity);
        }
    }

    private static byte[] body(byte[] content) throws IOException {
        try (InputStream in = MimeEntity.bodyOf(new ByteArrayInputStream(content))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static byte[] zipLike(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        b[0] = 'P';
        b[1] = 'K';
        b[2] = 3;
        b[3] = 4;
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
