package org.cddsdecrypt.output;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Has the disk write a large file while the file is still being written, so that the force before its commit finds
 * little left to do. Left alone, the kernel keeps a fresh file in its cache (it writes back only past a share of the
 * memory, or after seconds), and the final {@code fsync} then waited for the disk to take all of it, after the
 * decryption had ended (docs/PERFORMANCE.md, "One large file"). Every {@link #STEP} bytes the file's data is forced
 * ({@code fdatasync}) on a thread of its own, one force at a time, skipped while one runs; the writer never waits
 * for it. (Java has no {@code sync_file_range}, which would start the writing without a thread to wait in.)
 *
 * <p>These forces are no durability step: {@link #finish()} waits for the one running and reports its failure, and
 * the commit forces the whole file as before. The failure must be kept: after a failed {@code fdatasync}, Linux
 * clears the error, and the next one can succeed on data that never reached the disk.
 */
final class EarlyWriteback extends FilterOutputStream {
    static final long STEP = 8L * 1024 * 1024;

    private final FileChannel channel;
    private final Path path;
    private final FileSync sync;
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private ThreadPoolExecutor thread;
    private long written;
    private long nextForce = STEP;

    /** Writes to {@code out}, the stream of {@code channel} (the file {@code path}), forced through {@code sync}. */
    EarlyWriteback(OutputStream out, FileChannel channel, Path path, FileSync sync) {
        super(out);
        this.channel = channel;
        this.path = path;
        this.sync = sync;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        wrote(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        wrote(len);
    }

    private void wrote(long n) throws IOException {
        written += n;
        if (written >= nextForce) {
            nextForce = written + STEP;
            throwFailure();
            startForce();
        }
    }

    private void startForce() {
        if (thread == null) {
            // At most one thread, no queue: a force asked for while one runs is skipped.
            thread = new ThreadPoolExecutor(
                    0,
                    1,
                    1,
                    TimeUnit.SECONDS,
                    new SynchronousQueue<>(),
                    EarlyWriteback::writebackThread,
                    new ThreadPoolExecutor.DiscardPolicy());
        }
        thread.execute(this::force); // discarded while one runs, and once stopped
    }

    private static Thread writebackThread(Runnable task) {
        Thread t = new Thread(task, "writeback");
        t.setDaemon(true);
        return t;
    }

    private void force() {
        try {
            sync.writeback(channel, path);
        } catch (IOException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Waits for the force that runs, if any, and throws the first failure of one. */
    void finish() throws IOException {
        if (thread != null) {
            stop();
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while the disk took the file");
            }
        }
        throwFailure();
    }

    /**
     * Waits for the force that runs, if any, ignoring its failure: for a file being discarded. An interrupt ends the
     * wait (and stays set); closing the channel then ends the force.
     */
    void stop() {
        if (thread == null) {
            return;
        }
        thread.shutdown();
        try {
            thread.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void throwFailure() throws IOException {
        IOException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
