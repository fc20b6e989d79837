package org.cddsdecrypt.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.io.BulkInputStream;

/**
 * Decodes line-wrapped Base64 text in large blocks.
 *
 * <p>The JDK's MIME decoder stream ({@code Base64.getMimeDecoder().wrap}) works byte by byte and runs at ~80 MB/s
 * on the reference machine. This stream strips the line breaks from whole chunks (copying each line with
 * {@code System.arraycopy}) and hands exactly-sized 8 KiB blocks to {@code Base64.getDecoder().decode(byte[],
 * byte[])}, which the JDK compiles to vector instructions: several GB/s (see the JMH benchmark Base64Benchmark).
 *
 * <p>Decoding ends at the end of input, at {@code =} padding followed by white space or the end of input, or at a
 * line starting with {@code -} (PEM's {@code -----END} line). Padding must complete the last group. Anything else
 * that is not Base64 or white space is reported as corrupt input, wherever the reads and blocks split the text.
 */
public final class Base64BlockInputStream extends BulkInputStream {
    static final int TEXT_CHUNK = 256 * 1024;
    /** Small enough that the decoder is called often and HotSpot soon compiles its vector intrinsic. */
    static final int BLOCK = 8 * 1024;

    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final InputStream in;
    private final byte[] text = new byte[TEXT_CHUNK];
    private int textPos;
    private int textLimit;
    private boolean atLineStart = true;
    private boolean textEnded;
    /** How many more {@code =} the last group takes; -1 before the first {@code =}. */
    private int paddingLeft = -1;

    /** Base64 characters without white space, decoded whenever {@link #BLOCK} of them are collected. */
    private final byte[] block = new byte[BLOCK];

    private int blockFill;

    private final byte[] decoded = new byte[BLOCK / 4 * 3];
    private int decodedPos;
    private int decodedLimit;
    private boolean finished;

    public Base64BlockInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (decodedPos == decodedLimit) {
            if (finished) {
                return -1;
            }
            fillBlock();
        }
        int n = Math.min(len, decodedLimit - decodedPos);
        System.arraycopy(decoded, decodedPos, b, off, n);
        decodedPos += n;
        return n;
    }

    /** Collects a full block (or the final partial one) and decodes it. */
    private void fillBlock() throws IOException {
        while (blockFill < BLOCK && !textEnded) {
            if (textPos == textLimit && !refillText()) {
                if (paddingLeft >= 0) {
                    endAfterPadding();
                }
                textEnded = true;
                break;
            }
            copyRun();
        }
        decodedPos = 0;
        if (blockFill == BLOCK) {
            decodedLimit = decode(block);
            blockFill = 0;
        } else {
            decodedLimit = blockFill == 0 ? 0 : decode(Arrays.copyOf(block, blockFill));
            blockFill = 0;
            finished = true;
        }
    }

    private boolean refillText() throws IOException {
        int n = in.read(text, 0, text.length);
        if (n <= 0) {
            return false;
        }
        textPos = 0;
        textLimit = n;
        return true;
    }

    /**
     * Copies the run of characters at {@code textPos} (up to the block's room) into the block. Runs end at white
     * space or control characters (everything at or below ' ', or non-ASCII), or at padding; the JDK decoder then
     * rejects any character in a run that is not Base64. Whatever a run ends at, the state it leaves (line start,
     * padding seen) carries over to the next call, as a read or a block can end anywhere.
     */
    private void copyRun() throws CorruptInputException {
        int i = skipWhitespace();
        if (i == textLimit) {
            return;
        }
        if (atLineStart && text[i] == '-') {
            textEnded = true;
            textPos = textLimit;
            return;
        }
        int end = i;
        int max = Math.min(textLimit, i + (BLOCK - blockFill));
        while (end < max && text[end] > ' ' && text[end] != '=') {
            end++;
        }
        if (end > i && paddingLeft >= 0) {
            throw new CorruptInputException("Base64 padding '=' in the middle of the message body");
        }
        System.arraycopy(text, i, block, blockFill, end - i);
        blockFill += end - i;
        atLineStart = false;
        textPos = end;
        while (textPos < textLimit && text[textPos] == '=') {
            takePadding();
            textPos++;
        }
    }

    /**
     * Skips white space up to the next run and returns where it starts; white space after padding ends the data
     * (and the returned position is the text's limit).
     */
    private int skipWhitespace() throws CorruptInputException {
        int i = textPos;
        while (i < textLimit && text[i] <= ' ') {
            if (!isWhitespace(text[i])) {
                throw new CorruptInputException(
                        String.format("invalid character 0x%02x in the Base64 message body", text[i] & 0xff));
            }
            if (paddingLeft >= 0) {
                endAfterPadding();
                return textLimit;
            }
            atLineStart |= text[i] == '\n';
            i++;
        }
        textPos = i;
        return i;
    }

    /**
     * Takes one {@code =}. Padding is not copied into the block (a block boundary could fall inside it; the JDK
     * decoder accepts a final group without it), so it is checked here: it may only complete a group of two or three
     * characters. Since a block holds whole groups, the block's fill tells how many characters the open group has.
     */
    private void takePadding() throws CorruptInputException {
        if (paddingLeft < 0) {
            paddingLeft = blockFill % 4 < 2 ? 0 : 4 - blockFill % 4;
        }
        if (paddingLeft == 0) {
            throw new CorruptInputException("Base64 padding '=' in the middle of the message body");
        }
        paddingLeft--;
    }

    /**
     * Padding followed by white space or the end of input ends the encoded data; what follows is not decoded (a MIME
     * boundary or trailer is not data).
     */
    private void endAfterPadding() throws CorruptInputException {
        if (paddingLeft != 0) {
            throw new CorruptInputException(
                    "Base64 padding '=' that does not complete the last group of the message" + " body (truncated?)");
        }
        textEnded = true;
        textPos = textLimit;
    }

    private static boolean isWhitespace(byte c) {
        return c == '\n' || c == '\r' || c == ' ' || c == '\t' || c == '\f';
    }

    private int decode(byte[] chars) throws CorruptInputException {
        try {
            return DECODER.decode(chars, decoded);
        } catch (IllegalArgumentException e) {
            throw invalid(chars, e);
        }
    }

    /**
     * What is wrong with a block the decoder refused, found in the block itself rather than in the decoder's
     * message (whose wording is not part of its contract). The block holds no white space and no padding.
     */
    static CorruptInputException invalid(byte[] chars, IllegalArgumentException cause) {
        for (byte c : chars) {
            if (!isBase64(c)) {
                return new CorruptInputException(
                        String.format("invalid Base64 character 0x%02x in the message body", c & 0xff), cause);
            }
        }
        return new CorruptInputException(
                chars.length % 4 == 1
                        ? "the Base64 message body ends with a single character after its last group (truncated?)"
                        : "invalid Base64 in the message body",
                cause);
    }

    private static boolean isBase64(byte c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
