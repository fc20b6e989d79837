package org.cddsdecrypt.trust;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.cddsdecrypt.zip.EntrySink;

/**
 * A sink whose disk is full after {@code capacity} bytes, failing as the kernel does ("No space left on device"):
 * on the write that does not fit, or (as some file systems report it) only when that file is closed.
 */
final class FullDiskSink implements EntrySink {
    private final EntrySink inner;
    private final AtomicLong left;
    private final boolean onClose;
    private final boolean concurrent;
    private final Consumer<Thread> failedOn;

    /**
     * @param concurrent whether the sink takes files on several threads (the inflating workers)
     * @param failedOn hears of the thread on which the failure was thrown
     */
    FullDiskSink(EntrySink inner, long capacity, boolean onClose, boolean concurrent, Consumer<Thread> failedOn) {
        this.inner = inner;
        this.left = new AtomicLong(capacity);
        this.onClose = onClose;
        this.concurrent = concurrent;
        this.failedOn = failedOn;
    }

    @Override
    public boolean acceptsConcurrentFiles() {
        return concurrent && inner.acceptsConcurrentFiles();
    }

    @Override
    public void directory(String path, long modifiedMillis) throws IOException {
        inner.directory(path, modifiedMillis);
    }

    @Override
    public OutputStream openFile(String path, long modifiedMillis) throws IOException {
        AtomicBoolean full = new AtomicBoolean();
        return new FilterOutputStream(inner.openFile(path, modifiedMillis)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (left.addAndGet(-len) < 0) {
                    full.set(true);
                    if (!onClose) {
                        throw noSpace();
                    }
                }
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.close();
                if (full.get()) {
                    throw noSpace();
                }
            }
        };
    }

    private IOException noSpace() {
        failedOn.accept(Thread.currentThread());
        return new IOException("No space left on device");
    }

    @Override
    public void fileDone(String path) throws IOException {
        inner.fileDone(path);
    }

    @Override
    public void finish() throws IOException {
        inner.finish();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
