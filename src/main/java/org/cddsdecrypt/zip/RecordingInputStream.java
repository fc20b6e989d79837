package org.cddsdecrypt.zip;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.io.BulkInputStream;
import org.cddsdecrypt.io.Skipping;

/**
 * The stream under Commons Compress's reader: passes bytes through, remembering the last {@link #WINDOW} of them
 * and, while recording, everything read; and lets the extractor take an entry's raw data itself.
 *
 * <p>Recording captures the central directory as the streaming reader skips over it: it is on only while the
 * reader looks for the next entry, and a recording that grows beyond a local header is read as it streams by a
 * {@link DirectoryScanner}, so memory follows neither the size of the data nor the number of entries. The window
 * covers bytes the reader had already buffered (and pushed back) when the recording started.
 *
 * <p>{@link #readRaw} and {@link #hideFromReader} let entries be inflated on other threads: the extractor reads an
 * entry's compressed bytes directly in large blocks, then the reader, which skips unread entry data, is served
 * that many phantom bytes instead of the real ones it would otherwise read again.
 */
final class RecordingInputStream extends FilterInputStream {
    static final int WINDOW = 8192;
    /**
     * Recordings are kept whole up to this size (a local header with its name and extra field is at most 128 KiB);
     * beyond it the recording is the central directory, read as it streams by a {@link DirectoryScanner}.
     */
    static final int KEPT = DirectoryScanner.RING;

    private final byte[] window = new byte[WINDOW];
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private final long maxEntries;
    private boolean recording;
    private int windowRecorded;
    private DirectoryScanner scanner;
    private boolean ended;
    private long total;
    private long phantom;

    /** {@code maxEntries}: the central directory may list no more. */
    RecordingInputStream(InputStream in, long maxEntries) {
        super(in);
        this.maxEntries = maxEntries;
    }

    /** Starts recording (what an earlier recording held is dropped), with the window of bytes read before. */
    void startRecording() {
        recorded.reset();
        scanner = null;
        recording = true;
        int have = (int) Math.min(total, WINDOW);
        int start = (int) ((total - have) % WINDOW);
        int first = Math.min(have, WINDOW - start);
        recorded.write(window, start, first);
        recorded.write(window, 0, have - first);
        windowRecorded = have;
    }

    void stopRecording() {
        recording = false;
    }

    /**
     * The last recording read as the central directory and the end records that follow it: when the zip reader
     * has found no further entry, the recording holds them.
     */
    DirectoryScanner directory() throws CorruptInputException {
        if (scanner == null) {
            scanner = new DirectoryScanner(windowRecorded, maxEntries);
            scanner.write(recorded.toByteArray(), 0, recorded.size());
            recorded.reset();
        }
        return scanner;
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
                if (scanner == null && recorded.size() + n > KEPT) {
                    directory();
                }
                if (scanner != null) {
                    scanner.write(b, off, n);
                } else {
                    recorded.write(b, off, n);
                }
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
