package org.cddsdecrypt.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.cddsdecrypt.error.OutputException;

/**
 * Files written on the calling thread, each forced to disk and closed, once its stream is closed, on a thread of its
 * own, {@code sync}, so that the writing thread goes on with the next file while the disk takes the last one:
 * forcing where the file was written cost a whole extraction 13 % (docs/PERFORMANCE.md). Only a few files wait there,
 * still open; when more are closed, the closing thread forces its file itself, which keeps open descriptors bounded
 * on trees of many small files. A failure on the sync thread is reported at the next close, and by {@link #await()},
 * as the output error (exit 7) it would have been on the writing thread.
 */
final class SyncStage implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;
    static final int FILES_WAITING = 16;

    private final FileSync sync;
    /** When its queue is full, or once it is shut down, whoever hands it a file runs the task instead. */
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(FILES_WAITING),
            SyncStage::syncThread,
            (task, pool) -> task.run());

    private final AtomicReference<OutputException> failure = new AtomicReference<>();
    private volatile boolean closed;

    SyncStage(FileSync sync) {
        this.sync = sync;
    }

    private static Thread syncThread(Runnable task) {
        Thread thread = new Thread(task, "sync");
        thread.setDaemon(true);
        return thread;
    }

    /**
     * A buffered stream into {@code channel} (the file {@code file}, {@code name} in messages), written on whichever
     * thread writes it; closing it hands the file over to be given its time {@code modifiedMillis} (none when
     * negative), forced and closed, or, after a failed write, closes it.
     */
    OutputStream stream(FileChannel channel, Path file, String name, long modifiedMillis) {
        return new BufferedOutputStream(
                new OutputStream() {
                    private boolean failed;

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        try {
                            for (ByteBuffer bytes = ByteBuffer.wrap(b, off, len); bytes.hasRemaining(); ) {
                                channel.write(bytes);
                            }
                        } catch (IOException e) {
                            failed = true;
                            throw OutputException.of("cannot write " + name, e);
                        }
                    }

                    /** Runs once, after the buffer was flushed or failed to be. */
                    @Override
                    public void close() throws IOException {
                        if (failed) {
                            forceAndClose(channel, file, name, -1, false);
                        } else {
                            thread.execute(() -> forceAndClose(
                                    channel, file, name, modifiedMillis, failure.get() == null && !closed));
                            rethrowFailure();
                        }
                    }
                },
                BUFFER);
    }

    /** Closing flushes nothing here, but a file system may report a deferred write error then (NFS, quotas). */
    private void forceAndClose(FileChannel channel, Path file, String name, long modifiedMillis, boolean force) {
        try (channel) {
            if (force) {
                setTime(file, name, modifiedMillis);
                sync.file(channel, file);
            }
        } catch (OutputException e) {
            failure.compareAndSet(null, e);
        } catch (IOException e) {
            if (force) {
                failure.compareAndSet(null, OutputException.of("cannot force " + name + " to disk", e));
            }
        }
    }

    /** Before the force: the time is then on disk with the data (fsync forces the inode as well). */
    private static void setTime(Path file, String name, long modifiedMillis) throws OutputException {
        if (modifiedMillis >= 0) {
            try {
                Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
            } catch (IOException e) {
                throw OutputException.of("cannot set the time of " + name, e);
            }
        }
    }

    /**
     * Throws the first failure of a force or close, as a fresh exception each time: the same instance thrown by a
     * write and again by the close of a try-with-resources would be added to itself as suppressed, which Java
     * refuses with an IllegalArgumentException (an "internal error" on a full disk).
     */
    void rethrowFailure() throws OutputException {
        OutputException f = failure.get();
        if (f != null) {
            throw new OutputException(f.getMessage(), f);
        }
    }

    /** Waits until every file handed over is forced and closed (no more may come); throws the first failure. */
    void await() throws IOException {
        thread.shutdown();
        try {
            thread.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while forcing files to disk");
        }
        rethrowFailure();
    }

    /**
     * Stops the sync thread; files still waiting for it are closed unforced (the run is failing, or awaited). It is
     * not interrupted, since an interrupt closes the channel it forces.
     */
    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
