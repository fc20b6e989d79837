package org.cddsdecrypt.io;

import java.io.IOException;
import java.io.InputStream;

/** An input stream that works in blocks: the single-byte {@code read()} is served by the bulk one. */
public abstract class BulkInputStream extends InputStream {
    @Override
    public int read() throws IOException {
        return readOneByte(this);
    }

    /**
     * A single-byte {@code read()} served by {@code stream}'s bulk read, for filter streams that cannot extend this
     * class (their bulk read does the work that every byte must go through).
     */
    public static int readOneByte(InputStream stream) throws IOException {
        byte[] one = new byte[1];
        return stream.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
