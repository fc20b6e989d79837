package org.cddsdecrypt.zip;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.io.Untrusted;

/**
 * Inflates entries on worker threads while the extracting thread reads the next ones: inflating is the slowest
 * stage of extraction (profiled at two thirds of the extracting thread's time on JSON Lines), and entries are
 * independent. Only entries whose sizes and CRC are in their local header (no data descriptor) qualify: their
 * compressed bytes can be handed over as they are read. Raw chunks come from a fixed pool shared by the entries in
 * flight, and at most {@code workers} entries are in flight, so memory stays fixed.
 */
final class ParallelInflater implements AutoCloseable {
    static final int CHUNK = 128 * 1024;
    /**
     * Raw chunks in flight per worker (2 MiB). They are shared by every entry in flight, not reserved per entry: while
     * one worker inflates a large entry, the extracting thread queues the rest of that entry's bytes and goes on to
     * hand the next entry to the other worker, which would otherwise wait (docs/PERFORMANCE.md, "Extract").
     */
    static final int BUFFERS_PER_WORKER = 16;

    private static final Chunk END = new Chunk(new byte[0], 0);

    /** Raw entry bytes {@code data[0, length)}; the arrays are pooled. */
    record Chunk(byte[] data, int length) {}

    private final ExecutorService pool;
    private final Semaphore slots;
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final BlockingQueue<byte[]> buffers;
    private final int chunksPerEntry;

    ParallelInflater(int workers) {
        int count = workers * BUFFERS_PER_WORKER;
        this.buffers = new ArrayBlockingQueue<>(count);
        this.chunksPerEntry = count + 1; // every buffer and the end mark: handing over never waits on the queue
        for (int i = 0; i < count; i++) {
            buffers.add(new byte[CHUNK]);
        }
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "inflate");
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(workers);
    }

    /** True when the entry can be inflated from its raw bytes: stored or deflated, sizes known up front. */
    static boolean canTake(ZipArchiveEntry entry) {
        int method = entry.getMethod();
        return (method == ZipArchiveEntry.STORED || method == ZipArchiveEntry.DEFLATED)
                && !entry.getGeneralPurposeBit().usesDataDescriptor()
                && !entry.getGeneralPurposeBit().usesEncryption()
                && entry.getCompressedSize() >= 0
                && entry.getSize() >= 0
                && entry.getCrc() >= 0;
    }

    /** One entry being inflated: the extracting thread feeds it raw chunks. */
    final class Task {
        private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(chunksPerEntry);
        private volatile boolean stopped;

        /**
         * Hands over raw entry data in a buffer from {@link #buffer()}. A worker that stopped early (corrupt data)
         * takes no more: its failure is thrown instead of waiting for it forever.
         */
        void feed(byte[] data, int length) throws IOException {
            offer(new Chunk(data, length));
        }

        private void offer(Chunk chunk) throws IOException {
            try {
                while (!stopped) {
                    if (chunks.offer(chunk, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while extracting");
            }
            // The worker is gone (a failure, thrown here). A chunk queued just as it stopped stays out of the pool:
            // the failure is thrown by the next call anyway.
            if (chunk != END) {
                buffers.offer(chunk.data());
            }
            rethrowFailure();
        }

        void end() throws IOException {
            offer(END);
        }

        /** Gives the buffers of chunks never inflated (the entry failed) back to the pool. */
        void returnBuffers() {
            for (Chunk c = chunks.poll(); c != null; c = chunks.poll()) {
                if (c != END) {
                    buffers.offer(c.data());
                }
            }
        }

        Chunk next() throws InterruptedException {
            return chunks.take();
        }
    }

    /**
     * A free buffer for raw data, waiting until a worker returns one; a worker's failure is thrown instead of waiting
     * for a buffer it may never return.
     */
    byte[] buffer() throws IOException {
        try {
            byte[] buffer;
            while ((buffer = buffers.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS)) == null) {
                rethrowFailure();
            }
            return buffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while extracting");
        }
    }

    /**
     * Starts inflating {@code entry} into {@code out} (null: verify only) on a worker, waiting for a free one. The
     * task checks size and CRC against the local header, then calls {@code done}.
     */
    Task start(ZipArchiveEntry entry, OutputStream out, String path, Completion done) throws IOException {
        Task task = new Task();
        try {
            rethrowFailure();
            slots.acquire();
        } catch (IOException e) {
            abandon(out);
            throw e;
        } catch (InterruptedException e) {
            abandon(out);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while extracting");
        }
        try {
            pool.execute(new Job(out) {
                @Override
                public void run() {
                    try {
                        inflate(entry, task, out, path);
                        done.run();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t instanceof IOException e ? e : new IOException(t));
                    } finally {
                        task.stopped = true;
                        task.returnBuffers();
                        slots.release();
                    }
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            abandon(out);
            throw e;
        }
        return task;
    }

    /** A worker's job; one never started still owns its output, which must be closed (an open file otherwise). */
    private abstract static class Job implements Runnable {
        final OutputStream out;

        Job(OutputStream out) {
            this.out = out;
        }
    }

    private static void abandon(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // The run is failing already.
            }
        }
    }

    /** What to do once an entry verified (set its time). */
    @FunctionalInterface
    interface Completion {
        void run() throws IOException;
    }

    private void inflate(ZipArchiveEntry entry, Task task, OutputStream out, String path)
            throws IOException, InterruptedException {
        boolean deflated = entry.getMethod() == ZipArchiveEntry.DEFLATED;
        Inflater inflater = new Inflater(true);
        CRC32 crc = new CRC32();
        // Sized by the declared size (one byte more shows a lie), not 256 KiB zeroed for every entry however small.
        byte[] buffer = new byte[deflated ? (int) Math.min(CHUNK * 2, entry.getSize() + 1) : 0];
        long size = 0;
        try (OutputStream target = ZipStreamExtractor.closingAsOutput(out, path)) {
            for (Chunk chunk = task.next(); chunk != END; chunk = task.next()) {
                try {
                    size = deflated
                            ? inflateChunk(inflater, chunk, buffer, size, crc, target, entry, path)
                            : emit(chunk.data(), chunk.length(), size, crc, target, entry, path);
                } finally {
                    buffers.offer(chunk.data());
                }
            }
            if (deflated && (!inflater.finished() || inflater.getRemaining() > 0)) {
                throw corrupt(
                        entry,
                        inflater.finished()
                                ? "data after the end of the deflate stream"
                                : "deflate stream is truncated");
            }
        } catch (DataFormatException e) {
            throw corrupt(entry, "invalid deflate data (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
        ZipStreamExtractor.verifyEntry(entry, crc.getValue(), size);
    }

    private static long inflateChunk(
            Inflater inflater,
            Chunk chunk,
            byte[] buffer,
            long size,
            CRC32 crc,
            OutputStream out,
            ZipArchiveEntry entry,
            String path)
            throws IOException, DataFormatException {
        inflater.setInput(chunk.data(), 0, chunk.length());
        while (!inflater.needsInput() && !inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsDictionary()) {
                throw corrupt(entry, "needs a preset dictionary");
            }
            size = emit(buffer, n, size, crc, out, entry, path);
        }
        return size;
    }

    private static long emit(
            byte[] data, int n, long size, CRC32 crc, OutputStream out, ZipArchiveEntry entry, String path)
            throws IOException {
        long total = size + n;
        if (total > entry.getSize()) {
            throw ZipStreamExtractor.beyondStatedSize(entry);
        }
        crc.update(data, 0, n);
        if (out != null) {
            try {
                out.write(data, 0, n);
            } catch (IOException e) {
                throw CddsException.ownOr(e, io -> OutputException.of("cannot write " + path, io));
            }
        }
        return total;
    }

    private static CorruptInputException corrupt(ZipArchiveEntry entry, String why) {
        return new CorruptInputException("corrupt data in zip entry " + Untrusted.quoted(entry.getName()) + ": " + why);
    }

    /** Throws the first failure of any worker so far. */
    void rethrowFailure() throws IOException {
        IOException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    /** Waits for every entry started so far; throws the first failure. */
    void awaitAll(int workers) throws IOException {
        try {
            slots.acquire(workers);
            slots.release(workers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while extracting");
        }
        rethrowFailure();
    }

    /** Stops the workers and waits for them, so nothing writes into a staging folder being deleted. */
    @Override
    public void close() {
        for (Runnable never : pool.shutdownNow()) {
            if (never instanceof Job job) {
                abandon(job.out);
            }
        }
        try {
            pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
