package org.cddsdecrypt.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import org.cddsdecrypt.CorruptInputException;

/**
 * Re-encodes definite lengths of 2 GiB and more, which Bouncy Castle's ASN.1 parsers cannot read (they hold
 * lengths in an {@code int} and fail with "long form definite-length more than 31 bits"), into BER indefinite
 * lengths, which they stream: a constructed element gets an indefinite length and an end-of-contents marker; a
 * primitive one (the encrypted content) becomes a constructed string of chunks below 2 GiB. Everything else is
 * copied unchanged, and elements shorter than the limit are copied whole without being looked into.
 *
 * <p>Only messages whose outermost length is that large go through it ({@link #wrap}); an element cannot be longer
 * than the one that holds it, so the others (and every BER-streamed message) are passed on untouched.
 */
final class LongLengthStream extends InputStream {
    /** The smallest length Bouncy Castle cannot read. */
    static final long BC_LIMIT = 1L << 31;
    private static final int CHUNK = 64 * 1024 * 1024;
    private static final int UNKNOWN = -1;
    /** CMS nests a few levels deep; far deeper is damage, which must not grow the stack of open elements. */
    private static final int MAX_DEPTH = 64;

    private final InputStream in;
    private final long limit;
    private final int chunkSize;
    /** Input offset where each open rewritten element ends, or {@link #UNKNOWN} for indefinite ones. */
    private final Deque<Long> ends = new ArrayDeque<>();
    private final byte[] pending = new byte[32];
    private int pendingPos;
    private int pendingLimit;
    private long pos;
    private long copyLeft;
    private long primitiveLeft;
    private long chunkLeft;
    private boolean started;
    private boolean passThrough;

    LongLengthStream(InputStream in, long limit, int chunkSize) {
        this.in = in;
        this.limit = limit;
        this.chunkSize = chunkSize;
    }

    /** {@code in} itself in effect, or re-encoded when its outermost element is at least {@code limit} long. */
    static InputStream wrap(InputStream in) throws IOException {
        return wrap(in, BC_LIMIT, CHUNK);
    }

    static InputStream wrap(InputStream in, long limit, int chunkSize) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 16);
        byte[] head = new byte[16];
        int n = pushback.readNBytes(head, 0, head.length);
        pushback.unread(head, 0, n);
        return outerLength(head, n) >= limit ? new LongLengthStream(pushback, limit, chunkSize) : pushback;
    }

    /** The definite length of the first element in {@code head}, or -1 (indefinite, unreadable). */
    static long outerLength(byte[] head, int n) {
        int i = 1;
        if (n > 0 && (head[0] & 0x1f) == 0x1f) {
            while (i < n && (head[i] & 0x80) != 0) {
                i++;
            }
            i++;
        }
        if (i >= n) {
            return -1;
        }
        int first = head[i] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int count = first & 0x7f;
        if (count == 0 || count > 8 || i + count >= n) {
            return -1;
        }
        long length = 0;
        for (int j = 1; j <= count; j++) {
            length = length << 8 | (head[i + j] & 0xff);
        }
        return length < 0 ? -1 : length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (pendingPos < pendingLimit) {
                int n = Math.min(len, pendingLimit - pendingPos);
                System.arraycopy(pending, pendingPos, b, off, n);
                pendingPos += n;
                return n;
            }
            if (passThrough) {
                return in.read(b, off, len);
            }
            if (copyLeft > 0) {
                int n = readRaw(b, off, (int) Math.min(len, copyLeft));
                copyLeft -= n;
                return n;
            }
            if (primitiveLeft > 0) {
                if (chunkLeft == 0) {
                    chunkLeft = Math.min(chunkSize, primitiveLeft);
                    startPending();
                    push(0x04);
                    pushLength(chunkLeft);
                    continue;
                }
                int n = readRaw(b, off, (int) Math.min(len, chunkLeft));
                chunkLeft -= n;
                primitiveLeft -= n;
                if (primitiveLeft == 0) {
                    startPending();
                    push(0);
                    push(0);
                }
                return n;
            }
            if (!nextHeader()) {
                return -1;
            }
        }
    }

    /** Reads the next element header at a boundary and queues its re-encoding; false at the end of input. */
    private boolean nextHeader() throws IOException {
        startPending();
        if (started && !ends.isEmpty() && ends.peek() != UNKNOWN && pos >= ends.peek()) {
            if (pos > ends.peek()) {
                throw new CorruptInputException("malformed CMS message: an element overruns the one holding it");
            }
            ends.pop();
            push(0);
            push(0);
            finishPending();
            return true;
        }
        if (started && ends.isEmpty()) {
            passThrough = true;
            return true;
        }
        int tag = in.read();
        if (tag < 0) {
            return false;
        }
        pos++;
        started = true;
        int tagStart = pendingLimit;
        push(tag);
        if ((tag & 0x1f) == 0x1f) {
            int t;
            do {
                t = readByte();
                push(t);
            } while ((t & 0x80) != 0 && pendingLimit < 12);
        }
        int first = readByte();
        boolean constructed = (tag & 0x20) != 0;
        if (first == 0x80) {
            if (tag == 0) {
                throw new CorruptInputException("malformed CMS message: bad end-of-contents marker");
            }
            push(first);
            open(UNKNOWN);
            finishPending();
            return true;
        }
        if (tag == 0 && first == 0) {
            if (ends.isEmpty() || ends.peek() != UNKNOWN) {
                throw new CorruptInputException("malformed CMS message: unexpected end-of-contents marker");
            }
            ends.pop();
            push(0);
            push(0);
            finishPending();
            return true;
        }
        long length;
        int lengthStart = pendingLimit;
        push(first);
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7f;
            if (count > 8) {
                throw new CorruptInputException("malformed CMS message: length of " + count + " bytes");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                int c = readByte();
                push(c);
                length = length << 8 | c;
            }
            if (length < 0) {
                throw new CorruptInputException("malformed CMS message: length beyond 2^63");
            }
        }
        if (!ends.isEmpty() && ends.peek() != UNKNOWN && pos + length > ends.peek()) {
            throw new CorruptInputException("malformed CMS message: an element overruns the one holding it");
        }
        if (length < limit) {
            copyLeft = length;
        } else if (constructed) {
            pendingLimit = lengthStart;
            push(0x80);
            open(pos + length);
        } else if (tag != 0x04 && (tag & 0xc0) != 0x80) {
            // Only strings may be split into chunks: an OCTET STRING or an implicitly tagged one (the content).
            throw new CorruptInputException("malformed CMS message: a " + length + "-byte element of type 0x"
                    + Integer.toHexString(tag));
        } else {
            pending[tagStart] |= 0x20;
            pendingLimit = lengthStart;
            push(0x80);
            primitiveLeft = length;
            chunkLeft = 0;
        }
        finishPending();
        return true;
    }

    private void open(long end) throws CorruptInputException {
        if (ends.size() >= MAX_DEPTH) {
            throw new CorruptInputException("malformed CMS message: elements nested more than " + MAX_DEPTH
                    + " deep");
        }
        ends.push(end);
    }

    private void startPending() {
        pendingPos = 0;
        pendingLimit = 0;
    }

    private void finishPending() {
        pendingPos = 0;
    }

    private void push(int b) {
        pending[pendingLimit++] = (byte) b;
    }

    private void pushLength(long length) {
        push(0x84);
        push((int) (length >>> 24));
        push((int) (length >>> 16));
        push((int) (length >>> 8));
        push((int) length);
        finishPending();
    }

    private int readByte() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new CorruptInputException("truncated CMS message (in an element header)");
        }
        pos++;
        return c;
    }

    private int readRaw(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            throw new CorruptInputException("truncated CMS message");
        }
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
