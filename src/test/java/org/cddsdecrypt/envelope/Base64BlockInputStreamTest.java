package org.cddsdecrypt.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.cddsdecrypt.CorruptInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Base64BlockInputStreamTest {
    /** Lengths around every padding case, around the 64 KiB text chunk (~49 KiB decoded) and several chunks. */
    private static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 47, 48, 49, 57, 100, 1000, 49151, 49152, 49153,
        65535, 65536, 65537, 150_001, 300_000};

    static Stream<Arguments> encodings() {
        List<Arguments> all = new ArrayList<>();
        for (int length : LENGTHS) {
            all.add(Arguments.of(length, 64, "\n"));
            all.add(Arguments.of(length, 64, "\r\n"));
            all.add(Arguments.of(length, 76, "\n"));
            all.add(Arguments.of(length, 76, "\r\n"));
            all.add(Arguments.of(length, 0, ""));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} bytes, lines of {1}")
    @MethodSource("encodings")
    void decodesWhatJavaUtilBase64Encodes(int length, int lineWidth, String lineEnd) throws IOException {
        byte[] data = random(length, length * 31L + lineWidth);
        String text = encode(data, lineWidth, lineEnd) + lineEnd;
        byte[] reference = Base64.getMimeDecoder().decode(text);
        assertArrayEquals(data, reference, "reference decoder disagrees with the test's own encoding");

        assertArrayEquals(data, readAll(decoder(text), 8192));
        assertArrayEquals(data, readAll(decoder(text), 7)); // odd small reads across block boundaries
    }

    @Test
    void singleByteReadsGiveTheSameBytes() throws IOException {
        byte[] data = random(1001, 5);
        InputStream in = decoder(encode(data, 64, "\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            out.write(b);
        }
        assertArrayEquals(data, out.toByteArray());
        assertEquals(-1, in.read());
    }

    @Test
    void inputDeliveredInTinyPiecesStillDecodes() throws IOException {
        byte[] data = random(70_000, 9);
        byte[] text = encode(data, 76, "\r\n").getBytes(StandardCharsets.US_ASCII);
        InputStream trickle = new ByteArrayInputStream(text) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        assertArrayEquals(data, readAll(new Base64BlockInputStream(trickle), 4096));
    }

    @Test
    void paddingEndsTheDataAndTrailingTextIsIgnored() throws IOException {
        assertArrayEquals("a".getBytes(StandardCharsets.US_ASCII), readAll(decoder("YQ==\n"), 100));
        assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), readAll(decoder("YWI=\n"), 100));
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), readAll(decoder("YWJj\n"), 100));
        // After '=' nothing more is decoded (a following MIME boundary or junk is not data).
        assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), readAll(decoder("YWI=\nYWJj\n"), 100));
    }

    @Test
    void pemEndLineEndsTheData() throws IOException {
        byte[] data = random(500, 3);
        String pem = encode(data, 64, "\n") + "\n-----END CMS-----\n";
        assertArrayEquals(data, readAll(decoder(pem), 100));
    }

    @Test
    void invalidCharacterIsCorruptInput() {
        CorruptInputException e = assertThrows(CorruptInputException.class,
                () -> readAll(decoder("TWFu\nTW!u\n"), 100));
        assertTrue(e.getMessage().contains("0x21"), e.getMessage());
        assertThrows(CorruptInputException.class, () -> readAll(decoder("TWFu\u00e9TWFu"), 100));
    }

    @Test
    void invalidCharacterDeepInALargeBodyIsFound() {
        byte[] data = random(200_000, 4);
        StringBuilder text = new StringBuilder(encode(data, 64, "\n"));
        text.setCharAt(150_000, '*');
        assertThrows(CorruptInputException.class, () -> readAll(decoder(text.toString()), 8192));
    }

    @Test
    void lonelyFinalSextetIsCorrupt() {
        assertThrows(CorruptInputException.class, () -> readAll(decoder("TWFuT"), 100));
    }

    private static Base64BlockInputStream decoder(String text) {
        return new Base64BlockInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String encode(byte[] data, int lineWidth, String lineEnd) {
        if (lineWidth == 0) {
            return Base64.getEncoder().encodeToString(data);
        }
        return Base64.getMimeEncoder(lineWidth, lineEnd.getBytes(StandardCharsets.US_ASCII)).encodeToString(data);
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] readAll(InputStream in, int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[bufferSize];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
