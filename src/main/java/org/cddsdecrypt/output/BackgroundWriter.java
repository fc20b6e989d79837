package org.cddsdecrypt.output;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.OutputException;

/**
 * Writes files on a thread of its own, in order, through a fixed set of buffers, so that the extracting thread only
 * inflates and checks CRCs: profiling the extraction of a JSON Lines export showed a third of that thread's time in
 * {@code write} system calls. Failures (disk full, permission) are reported to the extracting thread at its next
 * call, and by {@link #await()}, already translated into the output error (exit 7) they would have been on the
 * extracting thread: which thread meets a full disk first is a matter of timing.
 */
final class BackgroundWriter implements AutoCloseable {
    private static final int BUFFER = 256 * 1024;
    private static final int BUFFERS = 16;

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
    /** Set when the thread has stopped taking tasks; closes queued after that would never run. */
    private final Object stopLock = new Object();
    private boolean stopped;
    private volatile boolean closed;

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
            if (task == STOP) {
                closeRemaining();
                return;
            }
            if (failure == null || task instanceof Closing) {
                try {
                    task.run();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e instanceof CddsException own ? own : Outputs.failure("cannot write", e);
                    }
                }
            }
        }
    }

    /** After a stop: the queued writes are dropped, the queued closes still run. */
    private void closeRemaining() {
        synchronized (stopLock) {
            stopped = true;
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
     * The same; closing it first runs {@code beforeClose} there (forcing the file to disk: on this thread, while the
     * extraction goes on, not in a serial pass at the end), unless the run is failing.
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
                            throw Outputs.failure("cannot write " + name, e);
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
                    try {
                        if (failure == null && !closed) {
                            runNamed(beforeClose, name);
                        }
                    } finally {
                        closeChannel(channel, name);
                    }
                };
                try {
                    while (true) {
                        synchronized (stopLock) {
                            if (stopped) {
                                closeChannel(channel, name);
                                break;
                            }
                            if (tasks.offer(closing)) {
                                break;
                            }
                        }
                        Thread.sleep(10);
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

    private static void runNamed(Task task, String name) throws IOException {
        try {
            task.run();
        } catch (CddsException e) {
            throw e;
        } catch (IOException e) {
            throw Outputs.failure("cannot write " + name, e);
        }
    }

    /** Closing flushes nothing here, but a file system may report a deferred write error then (NFS, quotas). */
    private static void closeChannel(FileChannel channel, String name) throws IOException {
        try {
            channel.close();
        } catch (IOException e) {
            throw Outputs.failure("cannot write " + name, e);
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

    /** Waits until everything submitted is written; throws the first failure. */
    void await() throws IOException {
        CountDownLatch done = new CountDownLatch(1);
        submit(done::countDown);
        try {
            while (!done.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                rethrowFailure();
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
                byte[] buffer = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
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

    /** Stops the thread, dropping what is not written yet (the caller is failing, or already awaited). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
