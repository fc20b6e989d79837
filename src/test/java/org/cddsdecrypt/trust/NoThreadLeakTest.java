package org.cddsdecrypt.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.cddsdecrypt.io.BackgroundStream;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run, failed or not, leaves no thread behind: batch runs many exports in one JVM, and the fuzz target runs
 * thousands in one (where a leaked writer thread, with its 4 MiB of buffers, per failed export exhausted a 6 GB
 * heap). Found by ExtractFuzzTest.
 *
 * <p>Every live thread counts, whatever its name: the pipeline's own ({@code decrypt-N}, {@code base64-N},
 * {@code inflate}, {@code sync}, {@code cdds-…}) and any a library might start. Threads that exist once per JVM
 * (the warm-up, lazily started JDK threads) are started by a first run before the baseline is taken.
 */
class NoThreadLeakTest {
    private static final long SETTLE_MILLIS = 10_000;

    @TempDir
    Path tmp;

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .collect(Collectors.toCollection(HashSet::new));
    }

    /** The threads alive now that were not in {@code before}, after giving finishing ones time to end. */
    private static List<String> leftSince(Set<Thread> before, long settleMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + settleMillis;
        Set<Thread> left;
        do {
            left = liveThreads();
            left.removeAll(before);
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        return left.stream().map(Thread::getName).sorted().toList();
    }

    @ParameterizedTest(name = "extract {0} -> exit {1}")
    @CsvSource({
        "single, 0",
        "split12, 0",
        "missing, 3",
        "missing-tail, 3",
        "no-final, 3",
        "truncated, 5",
        "crc, 5",
        "traversal, 6",
        "notsmime, 5",
        "mime-split-b64, 0",
        "mime-no-blank, 5"
    })
    void noThreadOutlivesAnExtraction(String export, int expected) throws Exception {
        String uuid = Files.readAllLines(Fixtures.root().resolve("exports").resolve("MANIFEST")).stream()
                .filter(l -> l.startsWith(export + " "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1];
        Path dir = Fixtures.exportDir(export);
        Path part = Files.exists(dir.resolve("export-" + uuid + ".zip.smime"))
                ? dir.resolve("export-" + uuid + ".zip.smime")
                : dir.resolve("export-" + uuid + ".z01.smime");
        extract(part, tmp.resolve("first"), expected);
        Set<Thread> before = liveThreads();
        for (int i = 0; i < 3; i++) {
            extract(part, tmp.resolve("out-" + i), expected);
        }
        assertEquals(List.of(), leftSince(before, SETTLE_MILLIS), "threads left running");
    }

    /** The check sees the pipeline's own workers: a Base64 stage left open is found, by its name. */
    @Test
    void theCheckFindsAPipelineWorkerLeftRunning() throws Exception {
        Set<Thread> before = liveThreads();
        CountDownLatch release = new CountDownLatch(1);
        BackgroundStream stage = BackgroundStream.start(
                () -> new InputStream() {
                    @Override
                    public int read() throws IOException {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                        return -1;
                    }
                },
                1024,
                2,
                "base64");
        try {
            List<String> left = leftSince(before, 200);
            assertEquals(1, left.size(), left::toString);
            assertTrue(left.get(0).startsWith("base64-"), left::toString);
        } finally {
            release.countDown();
            stage.close();
        }
        assertEquals(List.of(), leftSince(before, SETTLE_MILLIS), "closing the stage ends its worker");
    }

    private void extract(Path part, Path out, int expected) {
        Cli.Result r = new Cli().run("extract", "-q", "-k", Fixtures.key("rsa.key"), "-o", out, part);
        assertEquals(expected, r.code(), r::toString);
    }
}
