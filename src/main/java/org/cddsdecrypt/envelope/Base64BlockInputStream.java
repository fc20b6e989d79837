package org.cddsdecrypt.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.cddsdecrypt.CorruptInputException;

/**
 * Decodes line-wrapped Base64 text in large blocks.
 *
 * <p>Hand-written because the JDK's MIME decoder stream ({@code Base64.getMimeDecoder().wrap}) decodes byte by byte
 * and runs at ~80 MB/s on the reference machine, far below the disk and AES; this one strips line breaks from whole
 * 64 KiB chunks and decodes them with a table lookup at several hundred MB/s (see BASE64 in the JMH benchmarks).
 *
 * <p>Decoding stops at the first {@code -} (a PEM {@code -----END} line) or after {@code =} padding; any other
 * character that is neither Base64 nor white space is reported as corrupt input.
 */
public final class Base64BlockInputStream extends InputStream {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] DECODE = new byte[256];
    private static final byte WHITESPACE = -2;
    private static final byte INVALID = -1;

    static {
        Arrays.fill(DECODE, INVALID);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = (byte) i;
        }
        for (char c : new char[] {' ', '\t', '\r', '\n', '\f'}) {
            DECODE[c] = WHITESPACE;
        }
    }

    private final InputStream in;
    private final byte[] text = new byte[CHUNK];
    /** Sextets waiting to be decoded: up to three left over from the previous chunk plus one chunk. */
    private final byte[] sextets = new byte[CHUNK + 4];
    private int pendingSextets;
    private final byte[] decoded = new byte[(CHUNK + 4) / 4 * 3];
    private int decodedPos;
    private int decodedLimit;
    private boolean textEnded;
    private long textOffset;

    public Base64BlockInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (decodedPos == decodedLimit) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, decodedLimit - decodedPos);
        System.arraycopy(decoded, decodedPos, b, off, n);
        decodedPos += n;
        return n;
    }

    /** Decodes the next chunk; returns false at the end of the Base64 text. */
    private boolean fill() throws IOException {
        decodedPos = 0;
        decodedLimit = 0;
        if (textEnded) {
            return flushFinalQuantum();
        }
        int n = in.readNBytes(text, 0, CHUNK);
        if (n == 0) {
            textEnded = true;
            return flushFinalQuantum();
        }
        collectSextets(n);
        int whole = pendingSextets & ~3;
        decodeQuads(whole);
        System.arraycopy(sextets, whole, sextets, 0, pendingSextets - whole);
        pendingSextets -= whole;
        return true;
    }

    private void collectSextets(int n) throws CorruptInputException {
        int count = pendingSextets;
        for (int i = 0; i < n; i++) {
            byte v = DECODE[text[i] & 0xff];
            if (v >= 0) {
                sextets[count++] = v;
            } else if (v == INVALID) {
                if (text[i] == '=' || text[i] == '-') {
                    textEnded = true;
                    break;
                }
                throw new CorruptInputException(String.format(
                        "invalid Base64 character 0x%02x at offset %d of the encoded body",
                        text[i] & 0xff, textOffset + i));
            }
        }
        textOffset += n;
        pendingSextets = count;
    }

    private void decodeQuads(int count) {
        int out = 0;
        for (int i = 0; i < count; i += 4) {
            int bits = sextets[i] << 18 | sextets[i + 1] << 12 | sextets[i + 2] << 6 | sextets[i + 3];
            decoded[out++] = (byte) (bits >> 16);
            decoded[out++] = (byte) (bits >> 8);
            decoded[out++] = (byte) bits;
        }
        decodedLimit = out;
    }

    /** The 2 or 3 sextets before '=' padding carry 1 or 2 bytes; a single one is malformed. */
    private boolean flushFinalQuantum() throws CorruptInputException {
        int rest = pendingSextets;
        pendingSextets = 0;
        if (rest == 0) {
            return false;
        }
        if (rest == 1) {
            throw new CorruptInputException("Base64 body ends in the middle of a quantum (truncated?)");
        }
        int bits = sextets[0] << 18 | sextets[1] << 12 | (rest == 3 ? sextets[2] << 6 : 0);
        decoded[0] = (byte) (bits >> 16);
        decoded[1] = (byte) (bits >> 8);
        decodedLimit = rest - 1;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
