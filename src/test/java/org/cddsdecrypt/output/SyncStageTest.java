package org.cddsdecrypt.output;

import static org.cddsdecrypt.testing.ProcessFacts.openFilesUnder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.zip.Limits;
import org.cddsdecrypt.zip.ZipStreamExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are written on the calling thread and forced to disk and closed on the sync thread once their streams are
 * closed, so that writing goes on meanwhile; at most {@link SyncStage#FILES_WAITING} wait there, open. Finishing
 * still waits for every force, a failed force or write is an output error (exit 7), and no file or thread is left
 * behind, whatever failed.
 */
class SyncStageTest {
    private static final long WAIT_SECONDS = 30;
    private static final String IO_ERROR = "Input/output error";

    @TempDir
    Path tmp;

    /**
     * Forces nothing; records each forced file's channel and thread by its name. The force of {@code held} waits
     * for {@link #release}; those of {@code failing} fail (all of them on the sync thread: {@link #ON_SYNC_THREAD}).
     */
    private static final class Recording implements FileSync {
        static final String ON_SYNC_THREAD = "<sync>";
        final Map<String, Thread> forcedOn = new ConcurrentHashMap<>();
        final Map<String, FileChannel> channels = new ConcurrentHashMap<>();
        /** The files whose force returned. */
        final Set<String> done = ConcurrentHashMap.newKeySet();
        /** Each file's modification time as its force began: what a crash right after the force would keep. */
        final Map<String, Long> timeWhenForced = new ConcurrentHashMap<>();

        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final String held;
        final String failing;

        Recording(String held, String failing) {
            this.held = held;
            this.failing = failing;
        }

        @Override
        public void file(FileChannel channel, Path path) throws IOException {
            String name = path.getFileName().toString();
            forcedOn.put(name, Thread.currentThread());
            timeWhenForced.put(name, Files.getLastModifiedTime(path).toMillis());
            channels.put(name, channel);
            if (name.equals(held)) {
                holding.countDown();
                awaitOrFail(release);
            }
            if (name.equals(failing)
                    || failing.equals(ON_SYNC_THREAD)
                            && Thread.currentThread().getName().equals("sync")) {
                throw new IOException(IO_ERROR);
            }
            done.add(name);
        }

        @Override
        public void directory(Path folder) {}
    }

    private FileChannel open(String name) throws IOException {
        return FileChannel.open(tmp.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Writes and closes the file {@code name} through {@code stage}; returns its channel. */
    private FileChannel write(SyncStage stage, String name) throws IOException {
        FileChannel channel = open(name);
        try (OutputStream out = stage.stream(channel, tmp.resolve(name), name, -1)) {
            out.write(name.getBytes());
        }
        return channel;
    }

    private static void write(TreeWriter tree, String path, byte[] data, long millis) throws IOException {
        try (OutputStream out = tree.openFile(path, millis)) {
            out.write(data);
        }
        tree.fileDone(path);
    }

    @Test
    void theNextFileIsWrittenWhileTheLastIsBeingForcedAndFinishWaitsForIt() throws Exception {
        Recording sync = new Recording("first", "");
        try (TreeWriter tree = new TreeWriter(tmp, Permissions.OWNER_ONLY, sync)) {
            write(tree, "first", new byte[] {1}, 1_000_000_000_000L);
            write(tree, "second", new byte[] {2, 3}, 1_500_000_000_000L);
            assertArrayEquals(new byte[] {2, 3}, Files.readAllBytes(tmp.resolve("second")));
            assertNull(sync.forcedOn.get("second"), "the second file was forced before the first");

            Thread releaser = new Thread(() -> {
                sleepBriefly();
                sync.release.countDown();
            });
            releaser.start();
            tree.finish();
            assertTrue(sync.done.contains("first"), "finish returned before the first file was forced");
            assertFalse(sync.channels.get("first").isOpen(), "finish returned before the first file was closed");
            releaser.join();
            assertEquals("sync", sync.forcedOn.get("first").getName());
            assertEquals("sync", sync.forcedOn.get("second").getName());
            assertFalse(sync.channels.get("second").isOpen(), "a forced file is closed");
            assertEquals(
                    1_000_000_000_000L,
                    Files.getLastModifiedTime(tmp.resolve("first")).toMillis());
            assertEquals(
                    1_500_000_000_000L,
                    Files.getLastModifiedTime(tmp.resolve("second")).toMillis());
            assertEquals(
                    Map.of("first", 1_000_000_000_000L, "second", 1_500_000_000_000L),
                    sync.timeWhenForced,
                    "each file had its time before it was forced");
        }
    }

    @Test
    void aFailedForceIsAnOutputErrorAtFinishAndAtTheNextFile() throws Exception {
        Recording sync = new Recording("", "a.jsonl");
        try (TreeWriter tree = new TreeWriter(tmp, Permissions.OWNER_ONLY, sync)) {
            // Reported at that file's close or at finish, depending on when the sync thread met it.
            OutputException e = assertThrows(OutputException.class, () -> {
                write(tree, "a.jsonl", new byte[] {1}, 0);
                tree.finish();
            });
            assertEquals(ExitCode.OUTPUT, e.exitCode());
            assertEquals("cannot force a.jsonl to disk: " + IO_ERROR, e.getMessage());
            assertFalse(sync.channels.get("a.jsonl").isOpen(), "file left open after its force failed");
            assertEquals(
                    e.getMessage(),
                    assertThrows(OutputException.class, () -> tree.openFile("b.jsonl", -1))
                            .getMessage());
            assertFalse(Files.exists(tmp.resolve("b.jsonl")), "a file created after the failure");
        }
    }

    /**
     * While the sync thread is held up, 16 files wait for it, still open; the next one closed is forced by the
     * thread that closes it.
     */
    @Test
    void atMostSixteenFilesWaitOpenThenTheClosingThreadForcesItsOwn() throws Exception {
        Recording sync = new Recording("f0", "");
        List<FileChannel> channels = new ArrayList<>();
        try (SyncStage stage = new SyncStage(sync)) {
            for (int i = 0; i <= SyncStage.FILES_WAITING + 1; i++) {
                channels.add(write(stage, "f" + i));
            }
            assertEquals(16, SyncStage.FILES_WAITING);
            awaitOrFail(sync.holding);
            String last = "f" + (SyncStage.FILES_WAITING + 1);
            assertSame(Thread.currentThread(), sync.forcedOn.get(last), "forced on " + sync.forcedOn);
            assertFalse(channels.get(channels.size() - 1).isOpen());
            assertEquals(
                    1 + SyncStage.FILES_WAITING,
                    channels.stream().filter(FileChannel::isOpen).count(),
                    "the file being forced and those waiting are open");
            assertEquals(Set.of("f0", last), sync.forcedOn.keySet(), "the waiting files were forced");
            sync.release.countDown();
            stage.await();
        }
        assertEquals("sync", sync.forcedOn.get("f0").getName());
        assertEquals(channels.size(), sync.forcedOn.size(), "every file forced");
        for (FileChannel channel : channels) {
            assertFalse(channel.isOpen(), "file left open");
        }
        for (int i = 0; i < channels.size(); i++) {
            assertEquals("f" + i, Files.readString(tmp.resolve("f" + i)));
        }
    }

    @Test
    void afterAFailedForceTheOtherFilesAreClosedUnforcedAndTheThreadEnds() throws Exception {
        Recording sync = new Recording("f0", "f0");
        List<FileChannel> channels = new ArrayList<>();
        SyncStage stage = new SyncStage(sync);
        for (int i = 0; i < 4; i++) {
            channels.add(write(stage, "f" + i));
        }
        sync.release.countDown();
        OutputException e = assertThrows(OutputException.class, stage::await);
        assertEquals(ExitCode.OUTPUT, e.exitCode());
        assertEquals("cannot force f0 to disk: " + IO_ERROR, e.getMessage());
        assertEquals(List.of("f0"), List.copyOf(sync.forcedOn.keySet()), "forced after the failure");
        FileChannel later = open("later");
        channels.add(later);
        OutputStream out = stage.stream(later, tmp.resolve("later"), "later", -1);
        out.write(1);
        assertEquals(
                e.getMessage(),
                assertThrows(OutputException.class, out::close, "a file closed after the failure")
                        .getMessage());
        assertFalse(sync.forcedOn.containsKey("later"));
        stage.close();
        for (FileChannel channel : channels) {
            assertFalse(channel.isOpen(), "file left open");
        }
        assertThreadEnds(sync.forcedOn.get("f0"));
    }

    /** A failing run closes the stage while files wait: they are closed unforced, and the thread ends. */
    @Test
    void closingTheStageClosesTheFilesWaitingUnforcedAndStopsTheThread() throws Exception {
        Recording sync = new Recording("f0", "");
        List<FileChannel> channels = new ArrayList<>();
        SyncStage stage = new SyncStage(sync);
        for (int i = 0; i < 4; i++) {
            channels.add(write(stage, "f" + i));
        }
        FileChannel open = open("open");
        OutputStream stillOpen = stage.stream(open, tmp.resolve("open"), "open", -1);
        stillOpen.write(new byte[1000]);
        awaitOrFail(sync.holding);
        Thread closer = new Thread(stage::close);
        closer.start();
        // Waiting for the sync thread to end: the stage is closed, the held force not finished.
        while (closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive()) {
            Thread.onSpinWait();
        }
        sync.release.countDown();
        closer.join();
        stillOpen.close(); // after the stage stopped, as a worker stopped late would
        assertEquals(List.of("f0"), List.copyOf(sync.forcedOn.keySet()), "forced after the stage was closed");
        assertFalse(open.isOpen(), "a stream closed after the stage was closed left its file open");
        for (FileChannel channel : channels) {
            assertFalse(channel.isOpen(), "file left open");
        }
        assertThreadEnds(sync.forcedOn.get("f0"));
    }

    /**
     * The kernel's own "No space left on device" ({@code /dev/full}), met by the writing thread on a write past
     * the buffer or when the buffer is flushed at close: exit 7, the file named, and the file closed unforced.
     */
    @Test
    void aFullDiskIsAnOutputErrorNamingTheFile() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "no /dev/full here");
        Recording sync = new Recording("", "");
        try (SyncStage stage = new SyncStage(sync)) {
            FileChannel atClose = FileChannel.open(full, StandardOpenOption.WRITE);
            OutputStream out = stage.stream(atClose, full, "a/b.jsonl", -1);
            out.write(new byte[1000]);
            OutputException e = assertThrows(OutputException.class, out::close);
            assertEquals(ExitCode.OUTPUT, e.exitCode());
            assertEquals("cannot write a/b.jsonl: no space left on device", e.getMessage());
            assertFalse(atClose.isOpen(), "file left open");

            FileChannel atWrite = FileChannel.open(full, StandardOpenOption.WRITE);
            OutputException both = assertThrows(OutputException.class, () -> {
                try (OutputStream again = stage.stream(atWrite, full, "c.jsonl", -1)) {
                    again.write(new byte[1 << 20]);
                }
            });
            assertEquals("cannot write c.jsonl: no space left on device", both.getMessage());
            assertFalse(atWrite.isOpen(), "file left open");
            stage.await();
        }
        assertEquals(Map.of(), sync.forcedOn, "a file that could not be written was forced");
    }

    /**
     * The whole extraction, entries inflated on workers: forces fail on the sync thread (one forced by a worker,
     * when 16 files wait, succeeds). Exit 7, no staged file left open, no sync thread left running.
     */
    @Test
    void aFailedForceDuringAParallelExtractionIsExit7AndLeavesNoFileOpen() throws Exception {
        Recording sync = new Recording("", Recording.ON_SYNC_THREAD);
        Path root = Files.createDirectory(tmp.resolve("root"));
        OutputException e = assertThrows(
                OutputException.class,
                () -> new ZipStreamExtractor(Limits.defaults())
                        .extract(
                                new ByteArrayInputStream(zip(40)), new TreeWriter(root, Permissions.OWNER_ONLY, sync)));
        assertEquals(ExitCode.OUTPUT, e.exitCode());
        assertTrue(e.getMessage().matches("cannot force dir/f\\d+ to disk: " + IO_ERROR), e.getMessage());
        assertFalse(sync.forcedOn.isEmpty());
        assertEquals(List.of(), openFilesUnder(root), "files left open");
        sync.forcedOn.values().stream()
                .filter(t -> t.getName().equals("sync"))
                .findFirst()
                .ifPresentOrElse(SyncStageTest::assertThreadEnds, () -> {
                    throw new AssertionError("no file forced on the sync thread: " + sync.forcedOn);
                });
    }

    /** Entries deflated with their sizes in the local header, as the parallel path takes them. */
    private static byte[] zip(int files) throws IOException {
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(channel)) {
            for (int i = 0; i < files; i++) {
                zip.putArchiveEntry(new ZipArchiveEntry("dir/f" + i));
                zip.write(("line " + i + "\n").repeat(1000).getBytes());
                zip.closeArchiveEntry();
            }
        }
        return java.util.Arrays.copyOf(channel.array(), (int) channel.size());
    }

    private static void assertThreadEnds(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertFalse(thread.isAlive(), thread.getName() + " thread left running");
    }

    private static void awaitOrFail(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("test latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
