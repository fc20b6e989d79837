package org.cddsdecrypt.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Base64BlockInputStream} against {@code java.util.Base64}'s MIME decoder: seeded random data of every
 * padding case and of lengths around each decoder block, laid out in lines of 64, 76 and irregular widths, LF and
 * CRLF, with and without a final line end, read from a source that splits its text at every kind of place (a few
 * bytes per read, just around the block size, at one chosen split point). Where the reference refuses a text, the
 * stream must refuse it too.
 */
class Base64BlockDifferentialTest {
    private static final int BLOCK_CHARS = Base64BlockInputStream.BLOCK;
    private static final int BLOCK_BYTES = BLOCK_CHARS / 4 * 3;
    private static final int WHOLE = Integer.MAX_VALUE;
    private static final int[] READ_SIZES = {1, 2, 3, 7, 4096, BLOCK_CHARS - 1, BLOCK_CHARS, BLOCK_CHARS + 1, WHOLE};

    /** Width 0: irregular lines, broken at seeded random places (also inside the padding). */
    record Layout(String name, int width, String lineEnd) {
        @Override
        public String toString() {
            return name + (lineEnd.equals("\r\n") ? ", CRLF" : ", LF");
        }
    }

    static Stream<Layout> layouts() {
        Stream.Builder<Layout> all = Stream.builder();
        for (String lineEnd : new String[] {"\n", "\r\n"}) {
            all.add(new Layout("lines of 64", 64, lineEnd));
            all.add(new Layout("lines of 76", 76, lineEnd));
            all.add(new Layout("irregular lines", 0, lineEnd));
        }
        return all.build();
    }

    static Stream<Layout> openSslLayouts() {
        return Stream.of(new Layout("lines of 64", 64, "\r\n"), new Layout("lines of 76", 76, "\n"));
    }

    /**
     * Texts of odd lengths of data end with a line end: lengths that run through six in a row give each padding case
     * with and without it.
     */
    private static boolean finalLineEnd(int length) {
        return length % 2 == 1;
    }

    /**
     * Up to three groups; one line of 64 or 76 characters, and one byte less and more; the three on each side of
     * each block's worth of data; two at random.
     */
    static TreeSet<Integer> lengths() {
        TreeSet<Integer> lengths = new TreeSet<>();
        for (int length = 0; length <= 8; length++) {
            lengths.add(length);
        }
        for (int width : new int[] {64, 76}) {
            for (int d = -1; d <= 1; d++) {
                lengths.add(width / 4 * 3 + d);
            }
        }
        for (int blocks = 1; blocks <= 3; blocks++) {
            for (int d = -3; d <= 3; d++) {
                lengths.add(blocks * BLOCK_BYTES + d);
            }
        }
        Random random = new Random(15);
        for (int i = 0; i < 2; i++) {
            lengths.add(random.nextInt(3 * BLOCK_BYTES + 100));
        }
        return lengths;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void decodesAsTheJdkDoesWhereverTheReadsSplit(Layout layout) throws IOException {
        for (int length : lengths()) {
            byte[] data = random(length, length * 131L + layout.hashCode());
            String text = lay(Base64.getEncoder().encodeToString(data), layout, length);
            byte[] reference = referenceOrNull(text);
            if (layout.width() != 0) {
                assertArrayEquals(data, reference, "the reference decodes what its own encoder wrote");
            }
            for (int readSize : READ_SIZES) {
                if (readSize < text.length() || readSize == WHOLE) {
                    assertSameAsReference(reference, text, readSize, readSize, layout + ", " + length + " bytes");
                }
            }
            for (int split : splitPoints(text, length)) {
                assertSameAsReference(reference, text, split, WHOLE, layout + ", " + length + " bytes");
            }
        }
    }

    /**
     * In the layouts openssl writes (lines of 64, CRLF in S/MIME, LF in PEM) and in lines of 76, long enough (24 MiB)
     * that HotSpot compiles the JDK's block decoder, to its AVX-512 intrinsic where the CPU has
     * one and to scalar code where it has not (the surefire execution {@code no-base64-intrinsic} turns it off):
     * both must decode as Bouncy Castle's table decoder, which no intrinsic replaces.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("openSslLayouts")
    void decodesAsBouncyCastleOnceTheDecoderIsCompiled(Layout layout) throws IOException {
        if (System.getProperty("cdds.test.base64Intrinsic") != null) {
            assertEquals(
                    System.getProperty("cdds.test.base64Intrinsic"),
                    java.lang.management.ManagementFactory.getPlatformMXBean(
                                    com.sun.management.HotSpotDiagnosticMXBean.class)
                            .getVMOption("UseBASE64Intrinsics")
                            .getValue(),
                    "the JVM runs as the execution says");
        }
        int length = 24 * 1024 * 1024 + 1;
        byte[] data = random(length, 15);
        String text = lay(Base64.getEncoder().encodeToString(data), layout, length);
        byte[] reference = org.bouncycastle.util.encoders.Base64.decode(text);
        assertArrayEquals(data, reference, "the reference decodes the text");
        assertArrayEquals(reference, readAll(text, 4096, 256 * 1024, 64 * 1024), layout.toString());
    }

    /** A PEM body ends at the {@code -----END} line, whichever read it starts in. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void pemEndLineEndsTheBodyWhereverTheReadsSplit(Layout layout) throws IOException {
        for (int length : new int[] {0, 1, 2, 3, 48, BLOCK_BYTES - 1, BLOCK_BYTES, BLOCK_BYTES + 1}) {
            byte[] data = random(length, length * 7L + layout.hashCode());
            String body = lay(Base64.getEncoder().encodeToString(data), layout, length);
            String end = "-----END CMS-----" + layout.lineEnd();
            String text = body + (finalLineEnd(length) || body.isEmpty() ? "" : layout.lineEnd()) + end;
            int endLine = text.length() - end.length();
            for (int split = Math.max(1, endLine - 4); split <= endLine + 4; split++) {
                assertArrayEquals(
                        data, readAll(text, split, WHOLE, 8192), "split at " + split + " of " + text.length());
            }
            for (int readSize : READ_SIZES) {
                assertArrayEquals(data, readAll(text, readSize, readSize, 8192), "reads of " + readSize);
            }
        }
    }

    /** Characters outside the Base64 alphabet, wherever they fall: at, before and after reads and blocks. */
    @Test
    void foreignCharacterIsRefusedWhereverItFalls() {
        byte[] data = random(3 * BLOCK_BYTES, 1);
        String clean = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(data);
        int[] dataChars = {
            0,
            1,
            75,
            76,
            77,
            BLOCK_CHARS - 2,
            BLOCK_CHARS - 1,
            BLOCK_CHARS,
            BLOCK_CHARS + 1,
            2 * BLOCK_CHARS,
            clean.replace("\n", "").length() - 1
        };
        String[] foreign = {"*", "!", ".", "_", "\u00e9", "\u0000", "\u007f"};
        for (int i = 0; i < dataChars.length; i++) {
            int at = textPosition(clean, dataChars[i]);
            String text = clean.substring(0, at) + foreign[i % foreign.length] + clean.substring(at + 1);
            assertRefused(text, "foreign character at data character " + dataChars[i]);
        }
        String dashInALine = clean.substring(0, 10) + "-" + clean.substring(11);
        assertRefused(dashInALine, "'-' inside a line");
    }

    /**
     * Padding followed by more data on the same line, with the padding just before, at and just after a decoder
     * block's end; padding that does not complete the last group; and a group of one character.
     */
    @Test
    void misplacedPaddingAndTruncatedGroupsAreRefused() {
        for (int blocks = 0; blocks <= 2; blocks++) {
            for (int d = -3; d <= 3; d++) {
                int length = Math.max(1, blocks * BLOCK_BYTES + d);
                if (length % 3 == 0) {
                    continue;
                }
                String padded = Base64.getEncoder().encodeToString(random(length, length));
                assertRefused(padded + "TWFu\n", "padding then data on its line, " + length + " bytes");
                assertRefused(padded + "=\n", "one '=' too many, " + length + " bytes");
            }
        }
        assertRefused("TWFu=\n", "'=' after a complete group");
        assertRefused("TWFuTQ=\n", "'=' short of the group's end");
        assertRefused("TWFuTQ=\n=\n", "a group's padding split by a line end");
        assertRefused("TWFuT=\n", "'=' after a single character");
        assertRefused("TWFuT\n", "a single character at the end");
        String oneOver = Base64.getEncoder().encodeToString(random(BLOCK_BYTES, 2)) + "T";
        assertRefused(oneOver, "a single character after a whole block");
    }

    /**
     * Ours refuses the text for every read size, and so does a reference: the MIME decoder, or, as that one skips
     * foreign characters, the basic decoder given the text without its line ends.
     */
    private static void assertRefused(String text, String what) {
        String compact = text.replaceAll("[\\r\\n]", "");
        assertTrue(referenceOrNull(text) == null || refusedByBasicDecoder(compact), what + ": a reference refuses it");
        for (int readSize : READ_SIZES) {
            CorruptInputException e = assertThrows(
                    CorruptInputException.class,
                    () -> readAll(text, readSize, readSize, 8192),
                    what + ", reads of " + readSize);
            assertEquals(ExitCode.BAD_INPUT, e.exitCode());
            assertTrue(e.getMessage().contains("Base64"), e.getMessage());
        }
    }

    private static boolean refusedByBasicDecoder(String compact) {
        try {
            Base64.getDecoder().decode(compact);
            return false;
        } catch (IllegalArgumentException refused) {
            return true;
        }
    }

    private static void assertSameAsReference(byte[] reference, String text, int firstRead, int readSize, String what)
            throws IOException {
        String where = what + ", first read " + firstRead + ", reads of " + readSize;
        if (reference == null) {
            assertThrows(
                    CorruptInputException.class,
                    () -> readAll(text, firstRead, readSize, 8192),
                    where + ": the reference refuses the text");
        } else {
            assertArrayEquals(reference, readAll(text, firstRead, readSize, 8192), where);
        }
    }

    private static byte[] referenceOrNull(String text) {
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException refused) {
            return null;
        }
    }

    /**
     * Every position for the data lengths {@link #everySplit} names; else those next to each block's end, the first
     * padding character and the text's end. (Each split reads a new stream with its 256 KiB text buffer, so not
     * every length gets every split.)
     */
    private static TreeSet<Integer> splitPoints(String text, int length) {
        TreeSet<Integer> points = new TreeSet<>();
        if (everySplit(length)) {
            for (int split = 1; split < text.length(); split++) {
                points.add(split);
            }
            return points;
        }
        TreeSet<Integer> marks = new TreeSet<>();
        int chars = text.replaceAll("[\\r\\n]", "").length();
        for (int blockEnd = BLOCK_CHARS; blockEnd <= chars; blockEnd += BLOCK_CHARS) {
            marks.add(textPosition(text, blockEnd - 1) + 1);
        }
        if (text.indexOf('=') >= 0) {
            marks.add(text.indexOf('='));
        }
        marks.add(text.length());
        for (int mark : marks) {
            for (int split = Math.max(1, mark - 1); split <= Math.min(text.length() - 1, mark + 1); split++) {
                points.add(split);
            }
        }
        return points;
    }

    /** One and two groups, each padding case; the last group alone on a line after a full line of 64 or of 76. */
    private static boolean everySplit(int length) {
        return length <= 5 || length == 64 / 4 * 3 + 1 || length == 76 / 4 * 3 + 1;
    }

    /** The position in {@code text} of its {@code dataChar}-th character that is not a line end. */
    private static int textPosition(String text, int dataChar) {
        int seen = -1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '\n' && text.charAt(i) != '\r' && ++seen == dataChar) {
                return i;
            }
        }
        throw new IllegalArgumentException("text has fewer than " + (dataChar + 1) + " characters");
    }

    /** The Base64 characters of {@code length} bytes broken into lines as {@code layout} says. */
    private static String lay(String chars, Layout layout, int length) {
        Random random = new Random(length);
        StringBuilder text = new StringBuilder();
        for (int start = 0; start < chars.length(); ) {
            int width = layout.width() != 0 ? layout.width() : 1 + random.nextInt(random.nextBoolean() ? 8 : 100);
            int end = Math.min(chars.length(), start + width);
            text.append(chars, start, end);
            if (end < chars.length() || finalLineEnd(length)) {
                text.append(layout.lineEnd());
            }
            start = end;
        }
        return text.toString();
    }

    private static byte[] readAll(String text, int firstRead, int readSize, int bufferSize) throws IOException {
        InputStream in = new Base64BlockInputStream(
                new Chopped(text.getBytes(StandardCharsets.ISO_8859_1), firstRead, readSize));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[bufferSize];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (n == 0) {
                fail("read returned 0 bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Gives at most {@code firstRead} bytes from its first read and at most {@code readSize} from each other. */
    private static final class Chopped extends ByteArrayInputStream {
        private int nextRead;
        private final int readSize;

        Chopped(byte[] bytes, int firstRead, int readSize) {
            super(bytes);
            this.nextRead = firstRead;
            this.readSize = readSize;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, Math.min(len, nextRead));
            nextRead = readSize;
            return n;
        }
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
