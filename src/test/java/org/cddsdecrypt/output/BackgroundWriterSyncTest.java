package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.OutputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are forced to disk on a thread of their own, so that writing goes on meanwhile; {@code await} still returns
 * only when every file is forced, and a failed force is reported as an output error.
 */
class BackgroundWriterSyncTest {
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path tmp;

    private FileChannel open(String name) throws IOException {
        return FileChannel.open(tmp.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Test
    void theNextFileIsWrittenWhileTheLastIsBeingForced() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean forced = new AtomicBoolean();
        try (BackgroundWriter writer = new BackgroundWriter()) {
            FileChannel first = open("first");
            try (OutputStream out = writer.stream(first, "first", () -> {
                awaitOrFail(release);
                forced.set(true);
            })) {
                out.write(new byte[] {1});
            }
            CountDownLatch secondWritten = new CountDownLatch(1);
            try (OutputStream out = writer.stream(open("second"), "second")) {
                out.write(new byte[] {2, 3});
            }
            writer.submit(secondWritten::countDown);
            assertTrue(secondWritten.await(WAIT_SECONDS, TimeUnit.SECONDS),
                    "the second file waited for the first to be forced");
            assertArrayEquals(new byte[] {2, 3}, Files.readAllBytes(tmp.resolve("second")));
            assertTrue(first.isOpen(), "the first file is closed only after it is forced");

            Thread releaser = new Thread(() -> {
                sleepBriefly();
                release.countDown();
            });
            releaser.start();
            writer.await();
            assertTrue(forced.get(), "await returned before the first file was forced");
            assertFalse(first.isOpen(), "a forced file is closed");
            releaser.join();
        }
    }

    @Test
    void aFailedForceIsReportedAsAnOutputErrorNamingTheFile() throws Exception {
        try (BackgroundWriter writer = new BackgroundWriter()) {
            FileChannel channel = open("a.jsonl");
            try (OutputStream out = writer.stream(channel, "a.jsonl", () -> {
                throw new IOException("Input/output error");
            })) {
                out.write(new byte[] {1});
            }
            OutputException e = assertThrows(OutputException.class, writer::await);
            assertEquals(ExitCode.OUTPUT, e.exitCode());
            assertTrue(e.getMessage().startsWith("cannot write a.jsonl"), e.getMessage());
            assertFalse(channel.isOpen(), "file left open after its force failed");
        }
    }

    /**
     * While the sync thread is held up, only a bounded number of files wait for it, still open; the writer forces
     * the next one itself.
     */
    @Test
    void whenManyFilesWaitTheWriterForcesTheNextItself() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch forcedByWriter = new CountDownLatch(1);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        List<FileChannel> channels = new ArrayList<>();
        try (BackgroundWriter writer = new BackgroundWriter()) {
            for (int i = 0; i < 40 && forcedByWriter.getCount() > 0; i++) {
                FileChannel channel = open("f" + i);
                channels.add(channel);
                boolean holdsUp = i == 0;
                try (OutputStream out = writer.stream(channel, "f" + i, () -> {
                    threads.add(Thread.currentThread().getName());
                    if (holdsUp) {
                        awaitOrFail(release);
                    } else if (Thread.currentThread().getName().equals("writer")) {
                        forcedByWriter.countDown();
                    }
                })) {
                    out.write(new byte[] {(byte) i});
                }
                writer.submit(() -> { }); // the writer has taken this file's close before the next is opened
            }
            assertTrue(forcedByWriter.await(WAIT_SECONDS, TimeUnit.SECONDS),
                    "the writer never forced a file itself: files forced on " + threads);
            release.countDown();
            writer.await();
        }
        assertEquals("sync", threads.get(0));
        for (FileChannel channel : channels) {
            assertFalse(channel.isOpen(), "file left open");
        }
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
