package org.cddsdecrypt.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.cddsdecrypt.error.CorruptInputException;
import org.junit.jupiter.api.Test;

/** The raw-chunk pool is shared by the entries in flight: a busy worker does not hold up the next entry. */
class ParallelInflaterBuffersTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static ZipArchiveEntry stored(String name, byte[] content) {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        e.setMethod(ZipArchiveEntry.STORED);
        e.setSize(content.length);
        e.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        e.setCrc(crc.getValue());
        return e;
    }

    /** An output whose first write waits until {@link #release} is counted down. */
    private static final class Held extends ByteArrayOutputStream {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch writing = new CountDownLatch(1);

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            super.write(b, off, len);
        }
    }

    private static void feedOneBytePerChunk(ParallelInflater inflater, ParallelInflater.Task task, byte[] content)
            throws IOException {
        for (byte b : content) {
            byte[] chunk = inflater.buffer();
            chunk[0] = b;
            task.feed(chunk, 1);
        }
        task.end();
    }

    @Test
    void theNextEntryIsInflatedWhileABusyWorkerStillHasMoreOfItsEntryQueuedThanOneWorkersShare() throws Exception {
        // More chunks than one worker's share of the pool: with a fixed queue per entry, handing them over would wait
        // for the blocked worker, and the second entry would never start.
        byte[] large = new byte[ParallelInflater.BUFFERS_PER_WORKER + 4];
        Arrays.fill(large, (byte) 'a');
        byte[] small = {'b'};
        Held held = new Held();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        CountDownLatch firstDone = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        try (ParallelInflater inflater = new ParallelInflater(2)) {
            assertTimeoutPreemptively(LIMIT, () -> {
                ParallelInflater.Task first = inflater.start(stored("a", large), held, "a", firstDone::countDown);
                feedOneBytePerChunk(inflater, first, large);
                assertTrue(held.writing.await(10, TimeUnit.SECONDS));
                ParallelInflater.Task next = inflater.start(stored("b", small), second, "b", secondDone::countDown);
                feedOneBytePerChunk(inflater, next, small);
                assertTrue(secondDone.await(10, TimeUnit.SECONDS), "the second entry finished");
            });
            assertEquals(1, firstDone.getCount(), "while the first entry's worker was still held");
            held.release.countDown();
            assertTimeoutPreemptively(LIMIT, () -> inflater.awaitAll(2));
        }
        assertArrayEquals(large, held.toByteArray());
        assertArrayEquals(small, second.toByteArray());
        assertEquals(0, firstDone.getCount());
    }

    @Test
    void aFailedEntryIsThrownToTheFeederInsteadOfLeavingItWaitingForBuffers() {
        try (ParallelInflater inflater = new ParallelInflater(1)) {
            ZipArchiveEntry entry = new ZipArchiveEntry("x");
            entry.setMethod(ZipArchiveEntry.DEFLATED);
            entry.setSize(1L << 30);
            entry.setCompressedSize(1L << 30);
            entry.setCrc(0);
            assertTimeoutPreemptively(LIMIT, () -> {
                ParallelInflater.Task task = inflater.start(entry, OutputStream.nullOutputStream(), "x", () -> {});
                CorruptInputException thrown = assertThrows(CorruptInputException.class, () -> {
                    // Ten times the pool: the feeder must learn of the failure, not wait for a buffer.
                    for (int i = 0; i < 10 * ParallelInflater.BUFFERS_PER_WORKER; i++) {
                        byte[] chunk = inflater.buffer();
                        Arrays.fill(chunk, (byte) 0xff); // not deflate data
                        task.feed(chunk, chunk.length);
                    }
                });
                assertTrue(thrown.getMessage().contains("invalid deflate data"), thrown.getMessage());
            });
        }
    }
}
