package org.cddsdecrypt.output;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.OutputException;

/**
 * Writes files on a thread of its own, in order, through a fixed set of buffers, so that the extracting thread only
 * inflates and checks CRCs: profiling the extraction of a JSON Lines export showed a third of that thread's time in
 * {@code write} system calls. Failures (disk full, permission) are reported to the extracting thread at its next
 * call, and by {@link #await()}, already translated into the output error (exit 7) they would have been on the
 * extracting thread: which thread meets a full disk first is a matter of timing.
 *
 * <p>A closed file is forced to disk on a second thread, {@code sync}, so that the writer goes on with the next file
 * while the disk takes the last one: forcing on the writer thread held every write behind each fsync (the whole-command
 * figures are in docs/PERFORMANCE.md). Only a few files wait there, still open; when more are closed, the writer
 * forces the next one itself, which keeps open descriptors bounded on trees of many small files.
 */
final class BackgroundWriter implements AutoCloseable {
    private static final int BUFFER = 256 * 1024;
    private static final int BUFFERS = 16;
    private static final int FILES_WAITING_FOR_SYNC = 16;

    /** One unit of work for the writer thread. */
    interface Task {
        void run() throws IOException;
    }

    private static final Task STOP = () -> { };

    /** Closes a file: runs even after a failure or {@link #close()}, so no descriptor outlives the writer. */
    private interface Closing extends Task {
    }

    private final BlockingQueue<Task> tasks = new ArrayBlockingQueue<>(BUFFERS * 2);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final Thread thread;
    private volatile IOException failure;
    /**
     * Guards {@link #stopped}, set when the thread has stopped taking tasks (closes queued after that would never
     * run); a close waiting for room in the queue waits on it, and the thread notifies it as it takes each task.
     */
    private final Object stopLock = new Object();
    private boolean stopped;
    private volatile boolean closed;
    /** Forces closed files to disk; when its queue is full, whoever hands it a file (the writer) runs it instead. */
    private final ThreadPoolExecutor syncer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(FILES_WAITING_FOR_SYNC), BackgroundWriter::syncThread, (task, pool) -> task.run());
    /** Files handed to {@link #syncer} and not closed yet; guarded by itself. */
    private final int[] syncing = new int[1];

    BackgroundWriter() {
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[BUFFER]);
        }
        thread = new Thread(this::work, "writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void work() {
        while (true) {
            Task task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                closeRemaining();
                return;
            }
            synchronized (stopLock) {
                stopLock.notifyAll(); // room in the queue for a waiting close
            }
            if (task == STOP) {
                closeRemaining();
                return;
            }
            if (failure == null || task instanceof Closing) {
                try {
                    task.run();
                } catch (IOException e) {
                    fail(e);
                }
            }
        }
    }

    private static Thread syncThread(Runnable task) {
        Thread thread = new Thread(task, "sync");
        thread.setDaemon(true);
        return thread;
    }

    /** Keeps the first failure of either thread. */
    private synchronized void fail(IOException e) {
        if (failure == null) {
            failure = CddsException.ownOr(e, io -> OutputException.of("cannot write", io));
        }
    }

    /** After a stop: the queued writes are dropped, the queued closes still run. */
    private void closeRemaining() {
        synchronized (stopLock) {
            stopped = true;
            stopLock.notifyAll();
        }
        for (Task task = tasks.poll(); task != null; task = tasks.poll()) {
            if (task instanceof Closing) {
                try {
                    task.run();
                } catch (IOException e) {
                    // The run is failing already.
                }
            }
        }
    }

    /**
     * A stream that writes to {@code channel} (the file {@code name}, for messages) on the writer thread; closing it
     * closes the channel there.
     */
    OutputStream stream(FileChannel channel, String name) {
        return stream(channel, name, () -> { });
    }

    /**
     * The same; closing it runs {@code beforeClose} (forcing the file to disk) on the sync thread and then closes the
     * channel there, unless the run is failing, in which case the channel is only closed.
     */
    OutputStream stream(FileChannel channel, String name, Task beforeClose) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    byte[] buffer = take(free);
                    int n = Math.min(len, buffer.length);
                    System.arraycopy(b, off, buffer, 0, n);
                    submit(() -> {
                        try {
                            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                            while (bytes.hasRemaining()) {
                                channel.write(bytes);
                            }
                        } catch (IOException e) {
                            throw OutputException.of("cannot write " + name, e);
                        } finally {
                            free.offer(buffer);
                        }
                    });
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void close() throws IOException {
                // Queued even after a failure (which submit() would throw first): the file must be closed.
                // Once the thread has stopped nothing runs the queue: the file is closed here instead.
                Closing closing = () -> {
                    if (failure == null && !closed) {
                        forceAndClose(channel, name, beforeClose);
                    } else {
                        closeChannel(channel, name);
                    }
                };
                try {
                    synchronized (stopLock) {
                        while (!stopped && !tasks.offer(closing)) {
                            stopLock.wait();
                        }
                        if (stopped) {
                            closeChannel(channel, name);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closeChannel(channel, name);
                    throw new InterruptedIOException("interrupted while writing");
                }
                rethrowFailure();
            }
        };
    }

    private void forceAndClose(FileChannel channel, String name, Task beforeClose) {
        synchronized (syncing) {
            syncing[0]++;
        }
        syncer.execute(() -> {
            try {
                try {
                    if (failure == null && !closed) {
                        runNamed(beforeClose, name);
                    }
                } finally {
                    closeChannel(channel, name);
                }
            } catch (IOException e) {
                fail(e);
            } finally {
                synchronized (syncing) {
                    syncing[0]--;
                    syncing.notifyAll();
                }
            }
        });
    }

    private static void runNamed(Task task, String name) throws IOException {
        try {
            task.run();
        } catch (IOException e) {
            throw CddsException.ownOr(e, io -> OutputException.of("cannot write " + name, io));
        }
    }

    /** Closing flushes nothing here, but a file system may report a deferred write error then (NFS, quotas). */
    private static void closeChannel(FileChannel channel, String name) throws IOException {
        try {
            channel.close();
        } catch (IOException e) {
            throw OutputException.of("cannot write " + name, e);
        }
    }

    /** Runs {@code task} on the writer thread after everything submitted before it. */
    void submit(Task task) throws IOException {
        rethrowFailure();
        try {
            tasks.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
    }

    /** Waits until everything submitted is written, and every closed file forced to disk; throws the first failure. */
    void await() throws IOException {
        CountDownLatch done = new CountDownLatch(1);
        submit(done::countDown);
        try {
            while (!done.await(100, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
            }
            synchronized (syncing) {
                while (syncing[0] > 0) {
                    syncing.wait(100);
                    rethrowFailure();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
        rethrowFailure();
    }

    /**
     * Throws the writer's failure, as a fresh exception each time: the same instance thrown by a write and again by
     * the close of a try-with-resources would be added to itself as suppressed, which Java refuses with an
     * IllegalArgumentException (an "internal error" on a full disk).
     */
    private void rethrowFailure() throws IOException {
        IOException f = failure;
        if (f instanceof OutputException output) {
            throw new OutputException(output.getMessage(), output);
        }
        if (f != null) {
            throw f;
        }
        if (closed) {
            throw new IOException("writer already stopped");
        }
    }

    private byte[] take(BlockingQueue<byte[]> queue) throws IOException {
        try {
            while (true) {
                byte[] buffer = queue.poll(100, TimeUnit.MILLISECONDS);
                if (buffer != null) {
                    return buffer;
                }
                rethrowFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
    }

    /**
     * Stops the threads, dropping what is not written yet (the caller is failing, or already awaited). Files waiting
     * for the sync thread are closed unforced; it is not interrupted, since an interrupt closes the channel it forces.
     */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        syncer.shutdown();
        try {
            thread.join(10_000);
            syncer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
