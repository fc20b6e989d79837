package org.cddsdecrypt.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Reports every byte read or skipped to a listener: how progress is measured on the encrypted input. */
public final class CountingInputStream extends FilterInputStream {
    private final LongConsumer bytesRead;

    public CountingInputStream(InputStream in, LongConsumer bytesRead) {
        super(in);
        this.bytesRead = bytesRead;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            bytesRead.accept(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            bytesRead.accept(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        if (skipped > 0) {
            bytesRead.accept(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
