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
import org.cddsdecrypt.error.CorruptInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Base64BlockInputStreamTest {
    /** Lengths around every padding case and line length. */
    private static final int[] SHORT_LENGTHS = {0, 1, 2, 3, 4, 5, 47, 48, 49, 57, 100, 1000};

    /**
     * Per layout (line width, line end): the short lengths, and the data lengths whose text ends just before, at
     * and just after the stream's boundaries: one decoder block of Base64 characters, one and two text chunks
     * (read from a ByteArrayInputStream, which fills each chunk). Three lengths on each side give every padding
     * case and move the boundary across a line end.
     */
    static Stream<Arguments> encodings() {
        List<Arguments> all = new ArrayList<>();
        int[][] layouts = {{64, 1}, {64, 2}, {76, 1}, {76, 2}, {0, 0}};
        for (int[] layout : layouts) {
            String lineEnd = layout[1] == 2 ? "\r\n" : layout[1] == 1 ? "\n" : "";
            java.util.TreeSet<Integer> lengths = new java.util.TreeSet<>();
            for (int length : SHORT_LENGTHS) {
                lengths.add(length);
            }
            int blockText = layout[0] == 0
                    ? Base64BlockInputStream.BLOCK
                    : Base64BlockInputStream.BLOCK / layout[0] * (layout[0] + layout[1]);
            for (int boundary :
                    new int[] {blockText, Base64BlockInputStream.TEXT_CHUNK, 2 * Base64BlockInputStream.TEXT_CHUNK}) {
                int last = longestWithin(boundary, layout[0], lineEnd);
                for (int length = last - 3; length <= last + 3; length++) {
                    lengths.add(length);
                }
            }
            for (int length : lengths) {
                all.add(Arguments.of(length, layout[0], lineEnd));
            }
        }
        return all.stream();
    }

    /** The length of {@code encode(data, lineWidth, lineEnd) + lineEnd} for {@code length} bytes of data. */
    static int textLength(int length, int lineWidth, String lineEnd) {
        int chars = (length + 2) / 3 * 4;
        int lines = lineWidth == 0 || chars == 0 ? 1 : (chars + lineWidth - 1) / lineWidth;
        return chars + lines * lineEnd.length();
    }

    /** The longest data whose text fits in {@code textLength} characters. */
    private static int longestWithin(int textLength, int lineWidth, String lineEnd) {
        int length = textLength / 4 * 3;
        while (textLength(length, lineWidth, lineEnd) > textLength) {
            length--;
        }
        return length;
    }

    @ParameterizedTest(name = "{0} bytes, lines of {1}")
    @MethodSource("encodings")
    void decodesWhatJavaUtilBase64Encodes(int length, int lineWidth, String lineEnd) throws IOException {
        byte[] data = random(length, length * 31L + lineWidth);
        String text = encode(data, lineWidth, lineEnd) + lineEnd;
        assertEquals(textLength(length, lineWidth, lineEnd), text.length(), "the boundaries are where they are meant");
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
        CorruptInputException e =
                assertThrows(CorruptInputException.class, () -> readAll(decoder("TWFu\nTW!u\n"), 100));
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
        CorruptInputException e = assertThrows(CorruptInputException.class, () -> readAll(decoder("TWFuT"), 100));
        assertTrue(e.getMessage().contains("single character"), e.getMessage());
    }

    @Test
    void paddingInsideALineIsCorruptAndNamed() {
        CorruptInputException e =
                assertThrows(CorruptInputException.class, () -> readAll(decoder("TWFu\nTQ==TWFu\n"), 100));
        assertTrue(e.getMessage().contains("padding"), e.getMessage());
    }

    /** The report comes from the characters, whatever the decoder's message says (its wording is not an API). */
    @Test
    void invalidCharacterIsFoundWithoutTheDecodersMessage() {
        byte[] block = "TWFuTWFuTW_u".getBytes(StandardCharsets.US_ASCII);
        CorruptInputException e = Base64BlockInputStream.invalid(block, new IllegalArgumentException("any words"));
        assertEquals("invalid Base64 character 0x5f in the message body", e.getMessage());
    }

    @Test
    void invalidCharacterInTheLastBlockOfAChunkIsFound() {
        // The bad character lands in the last block of the first text chunk: every block of the chunk is checked.
        byte[] data = random(Base64BlockInputStream.TEXT_CHUNK, 12);
        StringBuilder text = new StringBuilder(encode(data, 0, ""));
        text.setCharAt(Base64BlockInputStream.TEXT_CHUNK - 10, '.');
        CorruptInputException e =
                assertThrows(CorruptInputException.class, () -> readAll(decoder(text.toString()), 8192));
        assertTrue(e.getMessage().contains("0x2e"), e.getMessage());
    }

    private static Base64BlockInputStream decoder(String text) {
        return new Base64BlockInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String encode(byte[] data, int lineWidth, String lineEnd) {
        if (lineWidth == 0) {
            return Base64.getEncoder().encodeToString(data);
        }
        return Base64.getMimeEncoder(lineWidth, lineEnd.getBytes(StandardCharsets.US_ASCII))
                .encodeToString(data);
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
