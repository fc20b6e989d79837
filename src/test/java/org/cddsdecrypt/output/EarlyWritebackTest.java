package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large {@link AtomicFile} is handed to the disk while it is written, on a thread of its own that the writer
 * never waits for, and a failure there fails the commit even when later forces succeed (Linux reports a failed
 * write-back once). Small files start no thread. The commit's own force is unchanged ({@link DurableCommitTest}).
 */
class EarlyWritebackTest {
    private static final byte[] MIB = new byte[1024 * 1024];

    @TempDir
    Path folder;

    /** Records the forces: which kind, on which thread; a write-back can be made to wait or to fail. */
    private static class Recording implements FileSync {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger writebacks = new AtomicInteger();
        final AtomicInteger writebacksEnded = new AtomicInteger();
        volatile CountDownLatch release = new CountDownLatch(0);
        volatile IOException failFirst;

        @Override
        public void file(FileChannel channel, Path path) throws IOException {
            events.add("file on " + Thread.currentThread().getName());
            channel.force(true);
        }

        @Override
        public void writeback(FileChannel channel, Path path) throws IOException {
            int n = writebacks.incrementAndGet();
            events.add("writeback on " + Thread.currentThread().getName());
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                if (n == 1 && failFirst != null) {
                    throw failFirst;
                }
                channel.force(false);
            } finally {
                writebacksEnded.incrementAndGet();
            }
        }

        @Override
        public void directory(Path folder) throws IOException {
            events.add("dir");
        }
    }

    private static void write(OutputStream out, long mebibytes) throws IOException {
        for (long i = 0; i < mebibytes; i++) {
            out.write(MIB);
        }
    }

    private static final long STEP_MIB = EarlyWriteback.STEP / MIB.length;

    @Test
    void aLargeFileIsWrittenBackOnItsOwnThreadBeforeTheCommitForcesIt() throws Exception {
        Recording sync = new Recording();
        Path dest = folder.resolve("part.zip");

        try (AtomicFile file = AtomicFile.create(dest, false, Permissions.OWNER_ONLY, List.of(), sync)) {
            write(file.stream(), STEP_MIB - 1);
            file.stream().write(MIB, 0, MIB.length - 1);
            assertEquals(0, sync.writebacks.get(), "nothing before a whole step is written");
            file.stream().write(0);
            file.commit();
        }

        String self = Thread.currentThread().getName();
        assertEquals(List.of("writeback on writeback", "file on " + self, "dir"), sync.events);
        assertEquals(EarlyWriteback.STEP, Files.size(dest));
    }

    @Test
    void aSmallFileStartsNoThread() throws Exception {
        Recording sync = new Recording();
        Path dest = folder.resolve("key.pem");

        try (AtomicFile file = AtomicFile.create(dest, false, Permissions.OWNER_ONLY, List.of(), sync)) {
            write(file.stream(), STEP_MIB - 1);
            file.commit();
        }

        assertEquals(List.of("file on " + Thread.currentThread().getName(), "dir"), sync.events);
        assertFalse(
                Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().equals("writeback")),
                "no write-back thread");
    }

    @Test
    void theWriterGoesOnWhileTheDiskTakesAStepAndStepsMeanwhileAreSkipped() throws Exception {
        Recording sync = new Recording();
        sync.release = new CountDownLatch(1);
        Path dest = folder.resolve("part.zip");

        try (AtomicFile file = AtomicFile.create(dest, false, Permissions.OWNER_ONLY, List.of(), sync)) {
            // Four steps are written while the first step's write-back cannot end.
            write(file.stream(), 4 * STEP_MIB);
            // The first is asked for on the writer's thread and counted on its own, which may start late.
            awaitCount(sync.writebacks, 1);
            assertEquals(1, sync.writebacks.get(), "one write-back at a time, the others skipped");
            sync.release.countDown();
            awaitCount(sync.writebacksEnded, 1); // its force of 32 MiB may take a while on a busy disk
            // Once the first has ended, a later step starts the next (one asked for as it ends may be skipped).
            int steps = 4;
            while (sync.writebacks.get() < 2 && steps < 12) {
                write(file.stream(), STEP_MIB);
                steps++;
                Thread.sleep(20);
            }
            file.commit();
            assertEquals(steps * EarlyWriteback.STEP, Files.size(dest));
        }

        assertEquals(2, sync.writebacks.get(), "another write-back after the first ended: " + sync.events);
    }

    private static void awaitCount(AtomicInteger counter, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (counter.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void aFailedWritebackFailsTheCommitEvenWhenALaterOneSucceedsAndNothingIsLeft() throws Exception {
        Recording sync = new Recording();
        IOException lost = new IOException("Input/output error");
        sync.failFirst = lost;
        Path dest = folder.resolve("part.zip");

        OutputException e = assertThrows(OutputException.class, () -> {
            try (AtomicFile file = AtomicFile.create(dest, false, Permissions.OWNER_ONLY, List.of(), sync)) {
                write(file.stream(), STEP_MIB);
                file.commit();
            }
        });

        assertSame(lost, e.getCause(), e.toString());
        assertTrue(e.getMessage().contains("cannot write " + dest), e.getMessage());
        assertEquals(List.of(), Trees.names(folder), "no destination, no temporary file");
        assertFalse(
                sync.events.stream().anyMatch(event -> event.startsWith("file on")),
                "not forced and published after the failure: " + sync.events);
    }

    @Test
    void aWriteAfterAFailedWritebackFails() throws Exception {
        Recording sync = new Recording();
        IOException lost = new IOException("Input/output error");
        sync.failFirst = lost;
        Path dest = folder.resolve("part.zip");

        try (AtomicFile file = AtomicFile.create(dest, false, Permissions.OWNER_ONLY, List.of(), sync)) {
            write(file.stream(), STEP_MIB);
            awaitCount(sync.writebacksEnded, 1);
            IOException e = assertThrows(IOException.class, () -> {
                // Each step asks for a write-back; once the failed one has ended, the next step reports it.
                for (int i = 0; i < 20; i++) {
                    write(file.stream(), STEP_MIB);
                    Thread.sleep(50);
                }
            });
            assertSame(lost, e);
        }
        assertEquals(List.of(), Trees.names(folder));
    }

    @Test
    void aDiscardedFileWaitsForTheRunningWritebackBeforeItsChannelIsClosed() throws Exception {
        AtomicBoolean ended = new AtomicBoolean();
        Recording sync = new Recording() {
            @Override
            public void writeback(FileChannel channel, Path path) throws IOException {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                channel.force(false); // would fail on a closed channel
                ended.set(true);
            }
        };
        Path dest = folder.resolve("part.zip");

        try (AtomicFile file = AtomicFile.create(dest, false, Permissions.OWNER_ONLY, List.of(), sync)) {
            write(file.stream(), STEP_MIB);
        }

        assertTrue(ended.get(), "the write-back ended before the file was discarded");
        assertEquals(List.of(), Trees.names(folder));
    }
}
