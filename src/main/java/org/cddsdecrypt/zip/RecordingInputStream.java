package org.cddsdecrypt.zip;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes bytes through, remembering the last {@link #WINDOW} of them and, while recording, everything read.
 *
 * <p>Used to capture the central directory as Commons Compress's streaming reader skips over it: recording is on
 * only while the reader looks for the next entry, so memory follows the size of the central directory, never the
 * size of the data. The window covers the bytes the reader had already buffered (and pushed back) when the
 * recording started.
 */
final class RecordingInputStream extends FilterInputStream {
    static final int WINDOW = 8192;

    private final byte[] window = new byte[WINDOW];
    private long total;
    private ByteArrayOutputStream recording;

    RecordingInputStream(InputStream in) {
        super(in);
    }

    void startRecording() {
        recording = new ByteArrayOutputStream();
        int have = (int) Math.min(total, WINDOW);
        int start = (int) ((total - have) % WINDOW);
        for (int i = 0; i < have; i++) {
            recording.write(window[(start + i) % WINDOW]);
        }
    }

    /** Stops recording and returns the window plus what was read since {@link #startRecording()}. */
    byte[] stopRecording() {
        byte[] result = recording.toByteArray();
        recording = null;
        return result;
    }

    /** Bytes passed through so far. */
    long position() {
        return total;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            remember(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private void remember(byte[] b, int off, int n) {
        if (recording != null) {
            recording.write(b, off, n);
        }
        int from = Math.max(0, n - WINDOW);
        for (int i = from; i < n; i++) {
            window[(int) ((total + i) % WINDOW)] = b[off + i];
        }
        total += n;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
