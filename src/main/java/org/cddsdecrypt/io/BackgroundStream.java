package org.cddsdecrypt.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a source stream on its own thread, ahead of the consumer, through a bounded set of reusable buffers: one
 * stage of the decryption pipeline (reading + Base64, content decryption) runs on one core while the next stage
 * (decryption, inflating and writing) runs on the other. Memory is fixed at {@code buffers × bufferSize} whatever
 * the source's length.
 *
 * <p>The source is opened on the worker thread too, so opening costs (parsing a header, unwrapping a key) overlap
 * with the consumer's work. Failures on the worker, including those of opening, are rethrown to the consumer by
 * {@link #read}, unchanged. Closing the stream early stops the worker and closes the source.
 */
public final class BackgroundStream extends BulkInputStream {
    /** Opens the stream to read in the background. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Chunk END = new Chunk(null, 0, null);

    private record Chunk(byte[] data, int length, Throwable failure) {}

    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> free;
    private final Thread worker;
    private Chunk current;
    private int position;
    private boolean ended;

    private BackgroundStream(Source source, int bufferSize, int buffers, String name) {
        this.filled = new ArrayBlockingQueue<>(buffers + 1);
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            free.add(new byte[bufferSize]);
        }
        this.worker = new Thread(() -> pump(source), name + "-" + THREADS.incrementAndGet());
        worker.setDaemon(true);
    }

    /** Starts reading {@code source} in the background now. */
    public static BackgroundStream start(Source source, int bufferSize, int buffers, String name) {
        BackgroundStream stream = new BackgroundStream(source, bufferSize, buffers, name);
        stream.worker.start();
        return stream;
    }

    private void pump(Source source) {
        try (InputStream in = source.open()) {
            while (true) {
                byte[] buffer = free.take();
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n == 0) {
                    break;
                }
                filled.put(new Chunk(buffer, n, null));
            }
            filled.put(END);
        } catch (InterruptedException | InterruptedIOException e) {
            // Closed by the consumer: nobody is waiting for the rest.
        } catch (Throwable t) {
            filled.offer(new Chunk(null, 0, t));
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!ensureChunk()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.data(), position, b, off, n);
        position += n;
        return n;
    }

    /** True when {@link #current} has unread bytes; false at the end. */
    private boolean ensureChunk() throws IOException {
        while (current == null || position == current.length()) {
            if (ended) {
                return false;
            }
            if (current != null) {
                free.offer(current.data());
                current = null;
            }
            Chunk next = take();
            if (next == END) {
                ended = true;
                return false;
            }
            if (next.failure() != null) {
                ended = true;
                throw rethrow(next.failure());
            }
            current = next;
            position = 0;
        }
        return true;
    }

    private Chunk take() throws InterruptedIOException {
        try {
            return filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for data");
        }
    }

    private static IOException rethrow(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }

    @Override
    public void close() {
        ended = true;
        worker.interrupt();
    }
}
