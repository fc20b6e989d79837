package org.cddsdecrypt.zip;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes appended in fixed chunks: holds a central directory of hundreds of megabytes without the copies of a
 * doubling array (which needs three times the size at its peak), and is reused from entry to entry.
 */
final class ChunkedBuffer {
    private static final int CHUNK = 64 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private long size;

    /** Empties the buffer, keeping its first chunk for reuse. */
    void reset() {
        while (chunks.size() > 1) {
            chunks.remove(chunks.size() - 1);
        }
        size = 0;
    }

    long size() {
        return size;
    }

    void write(byte[] b, int off, int len) {
        while (len > 0) {
            int at = (int) (size % CHUNK);
            int index = (int) (size / CHUNK);
            if (index == chunks.size()) {
                chunks.add(new byte[CHUNK]);
            }
            int n = Math.min(len, CHUNK - at);
            System.arraycopy(b, off, chunks.get(index), at, n);
            size += n;
            off += n;
            len -= n;
        }
    }

    /** Copies bytes {@code [pos, pos + len)} into {@code dst} at {@code off}. */
    void copy(long pos, byte[] dst, int off, int len) {
        if (pos < 0 || len < 0 || pos + len > size) {
            throw new IndexOutOfBoundsException(pos + "+" + len + " of " + size);
        }
        while (len > 0) {
            int at = (int) (pos % CHUNK);
            int n = Math.min(len, CHUNK - at);
            System.arraycopy(chunks.get((int) (pos / CHUNK)), at, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }
}
