package org.cddsdecrypt.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * Skipping by reading: for filter streams that must see every byte (to count or record it), where
 * {@code FilterInputStream.skip} would hand the skip to the stream underneath and bypass them.
 */
public final class Skipping {
    private Skipping() {}

    /** Skips up to {@code n} bytes of {@code in} through its own {@code read(byte[], int, int)}. */
    public static long byReading(InputStream in, long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }
}
