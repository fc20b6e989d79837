package org.cddsdecrypt.zip;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.cddsdecrypt.CorruptInputException;
import org.cddsdecrypt.stream.BulkInputStream;
import org.cddsdecrypt.stream.Skipping;

/**
 * The stream under Commons Compress's reader: passes bytes through, remembering the last {@link #WINDOW} of them
 * and, while recording, everything read; and lets the extractor take an entry's raw data itself.
 *
 * <p>Recording captures the central directory as the streaming reader skips over it: it is on only while the
 * reader looks for the next entry, so memory follows the size of the central directory, never the size of the
 * data. The window covers bytes the reader had already buffered (and pushed back) when the recording started.
 *
 * <p>{@link #readRaw} and {@link #hideFromReader} let entries be inflated on other threads: the extractor reads an
 * entry's compressed bytes directly in large blocks, then the reader, which skips unread entry data, is served
 * that many phantom bytes instead of the real ones it would otherwise read again.
 */
final class RecordingInputStream extends FilterInputStream {
    static final int WINDOW = 8192;
    /** Most bytes recorded at once: the central directory, at most {@link CentralDirectory#MAX_BYTES}. */
    static final long MAX_RECORDING = CentralDirectory.MAX_BYTES;

    private final byte[] window = new byte[WINDOW];
    private final ChunkedBuffer recorded = new ChunkedBuffer();
    private boolean recording;
    private boolean ended;
    private long total;
    private long phantom;

    RecordingInputStream(InputStream in) {
        super(in);
    }

    /** Starts recording; the buffer is reused, so what the previous recording returned is overwritten. */
    void startRecording() {
        recorded.reset();
        recording = true;
        int have = (int) Math.min(total, WINDOW);
        int start = (int) ((total - have) % WINDOW);
        int first = Math.min(have, WINDOW - start);
        recorded.write(window, start, first);
        recorded.write(window, 0, have - first);
    }

    /**
     * Stops recording and returns the window plus what was read since {@link #startRecording()}, valid until the
     * next recording starts.
     */
    ChunkedBuffer stopRecording() {
        recording = false;
        return recorded;
    }

    /** Reads from the underlying stream for the extractor itself; not recorded, not seen by the zip reader. */
    int readRaw(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        ended |= n < 0;
        if (n > 0) {
            remember(b, off, n);
        }
        return n;
    }

    /** True once the underlying stream has ended: a reader failing then has met a truncated archive. */
    boolean ended() {
        return ended;
    }

    /** The next {@code n} bytes the zip reader asks for were already taken by {@link #readRaw}: serve nothing. */
    void hideFromReader(long n) {
        phantom = n;
    }

    @Override
    public int read() throws IOException {
        return BulkInputStream.readOneByte(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (phantom > 0) {
            // The reader drains data it skips and ignores the content: no need to touch b.
            int n = (int) Math.min(len, phantom);
            phantom -= n;
            return n;
        }
        int n = in.read(b, off, len);
        ended |= n < 0;
        if (n > 0) {
            if (recording) {
                if (recorded.size() + (long) n > MAX_RECORDING) {
                    recording = false;
                    recorded.reset();
                    throw new CorruptInputException("zip central directory is implausibly large (over "
                            + MAX_RECORDING / (1024 * 1024) + " MiB): the archive is damaged");
                }
                recorded.write(b, off, n);
            }
            remember(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return Skipping.byReading(this, n);
    }

    private void remember(byte[] b, int off, int n) {
        int keep = Math.min(n, WINDOW);
        long start = total + n - keep;
        int pos = (int) (start % WINDOW);
        int first = Math.min(keep, WINDOW - pos);
        System.arraycopy(b, off + n - keep, window, pos, first);
        System.arraycopy(b, off + n - keep + first, window, 0, keep - first);
        total += n;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
