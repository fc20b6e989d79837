package org.cddsdecrypt.envelope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.cddsdecrypt.error.CorruptInputException;

/**
 * Reads BER/DER from a stream one tag-length header at a time, with whole small elements collected as bytes (for
 * Bouncy Castle to decode) and large ones left in the stream to be read through {@link #read}.
 *
 * <p>Written because Bouncy Castle's streaming parser is slow where a part spends its time: it decodes the
 * encrypted content chunk by chunk through a parser object per 4 KiB chunk and three nested streams, which ran
 * at ~0.5 GB/s cold here and cost 0.3 s of JIT compilation per run (see docs/PERFORMANCE.md); it also cannot read
 * definite lengths of 2 GiB or more. Lengths here are longs; nothing is held but the small elements asked for.
 */
final class BerReader {
    static final long INDEFINITE = -1;
    /** Headers and structure elements are small; a recipient list larger than this is damage or an attack. */
    static final int MAX_ELEMENT = 16 * 1024 * 1024;
    /** CMS nests a few levels deep; far deeper is damage, which must not grow the stack. */
    static final int MAX_DEPTH = 64;

    private static final int BUFFER = 64 * 1024;

    /**
     * One element's identifier and length. {@code tag} is the first identifier byte (class, form, low number); the
     * structure the tool reads only uses low tag numbers, and high ones are only ever skipped.
     */
    record Header(int tag, long length, byte[] encoded) {
        boolean constructed() {
            return (tag & 0x20) != 0;
        }

        boolean indefinite() {
            return length == INDEFINITE;
        }

        boolean isEndOfContents() {
            return tag == 0 && length == 0;
        }

        /** An OCTET STRING, primitive or constructed (BER's chunked form). */
        boolean isOctetString() {
            return (tag & ~0x20) == 0x04;
        }
    }

    private final InputStream in;
    /** Where the definite-length elements entered with {@link #enter} end: nothing read may cross them. */
    private final java.util.Deque<Long> ends = new java.util.ArrayDeque<>();

    private final byte[] buffer = new byte[BUFFER];
    private int pos;
    private int limit;
    private long offset;

    BerReader(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far. */
    long position() {
        return offset;
    }

    /** The next header, or null at the end of the input. */
    Header readHeaderOrEnd() throws IOException {
        int first = readByte();
        if (first < 0) {
            return null;
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(8);
        encoded.write(first);
        if ((first & 0x1f) == 0x1f) { // high tag number: base-128 bytes, the last without its top bit
            for (int i = 0, b = 0x80; (b & 0x80) != 0; i++) {
                if (i == 4) {
                    throw new CorruptInputException("malformed CMS message: tag number too long");
                }
                b = required(readByte(), "tag");
                encoded.write(b);
            }
        }
        long length = readLength(encoded, (first & 0x20) != 0);
        long end = ends.isEmpty() ? Long.MAX_VALUE : ends.peek();
        if (offset > end || length != INDEFINITE && length > end - offset) {
            throw new CorruptInputException("malformed CMS message: an element overruns the one that holds it");
        }
        return new Header(first, length, encoded.toByteArray());
    }

    /** Steps into the constructed element whose header was just read: what follows must fit in it. */
    void enter(Header header) {
        long outer = ends.isEmpty() ? Long.MAX_VALUE : ends.peek();
        ends.push(header.indefinite() ? outer : offset + header.length());
    }

    /** Steps out of the element last entered. */
    void leave() {
        ends.pop();
    }

    /** The next header; the input must not end here. */
    Header readHeader() throws IOException {
        Header header = readHeaderOrEnd();
        if (header == null) {
            throw truncated();
        }
        return header;
    }

    private long readLength(ByteArrayOutputStream encoded, boolean constructed) throws IOException {
        int first = required(readByte(), "length");
        encoded.write(first);
        if (first < 0x80) {
            return first;
        }
        if (first == 0x80) {
            if (!constructed) {
                throw new CorruptInputException("malformed CMS message: indefinite length on a primitive element");
            }
            return INDEFINITE;
        }
        int octets = first & 0x7f;
        if (octets > 8) {
            throw new CorruptInputException("malformed CMS message: length of " + octets + " octets");
        }
        long length = 0;
        for (int i = 0; i < octets; i++) {
            int b = required(readByte(), "length");
            encoded.write(b);
            length = length << 8 | b;
        }
        if (length < 0) {
            throw new CorruptInputException("malformed CMS message: length beyond 2^63");
        }
        return length;
    }

    /** The whole element, header included, whose header was just read (for Bouncy Castle to decode). */
    byte[] readElement(Header header) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.encoded());
        copyContent(header, out, 0);
        return out.toByteArray();
    }

    /** Reads past the content of the element whose header was just read. */
    void skipContent(Header header) throws IOException {
        copyContent(header, null, 0);
    }

    private void copyContent(Header header, ByteArrayOutputStream out, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new CorruptInputException("malformed CMS message: nested more than " + MAX_DEPTH + " levels");
        }
        if (!header.indefinite()) {
            if (out != null && out.size() + header.length() > MAX_ELEMENT) {
                throw new CorruptInputException(
                        "malformed CMS message: an element of " + header.length() + " bytes where a small one belongs");
            }
            copyBytes(header.length(), out);
            return;
        }
        while (true) {
            Header child = readHeader();
            if (out != null) {
                out.write(child.encoded());
            }
            if (child.isEndOfContents()) {
                return;
            }
            copyContent(child, out, depth + 1);
        }
    }

    private void copyBytes(long count, ByteArrayOutputStream out) throws IOException {
        long left = count;
        while (left > 0) {
            if (pos == limit && !fill()) {
                throw truncated();
            }
            int n = (int) Math.min(left, limit - pos);
            if (out != null) {
                out.write(buffer, pos, n);
                if (out.size() > MAX_ELEMENT) {
                    throw new CorruptInputException("malformed CMS message: an element larger than " + MAX_ELEMENT
                            + " bytes where a small one belongs");
                }
            }
            pos += n;
            offset += n;
            left -= n;
        }
    }

    /** Reads up to {@code len} content bytes, straight from the input once the buffer is empty; -1 at the end. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        if (pos < limit) {
            n = Math.min(len, limit - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
        } else if (len >= BUFFER) {
            n = in.read(b, off, len);
        } else {
            if (!fill()) {
                return -1;
            }
            n = Math.min(len, limit - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
        }
        if (n > 0) {
            offset += n;
        }
        return n;
    }

    private int readByte() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        offset++;
        return buffer[pos++] & 0xff;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private static int required(int b, String what) throws CorruptInputException {
        if (b < 0) {
            throw new CorruptInputException("malformed or truncated CMS message: it ends inside a " + what);
        }
        return b;
    }

    static CorruptInputException truncated() {
        return new CorruptInputException("malformed or truncated CMS message: it ends too early");
    }
}
