package org.cddsdecrypt.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.UnsafeContentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zip stage on archives built in memory, run with one and with several inflating workers and with a sink that
 * takes files on the calling thread only: every way gives the same bytes, and the same failure for a bad archive,
 * whatever the machine's processor count.
 */
class ZipStreamExtractorTest {
    /** Keeps every file in memory and notes which threads wrote file data. */
    static final class MemorySink implements EntrySink {
        final boolean concurrent;
        final Map<String, ByteArrayOutputStream> files = new ConcurrentHashMap<>();
        final Set<Thread> writerThreads = ConcurrentHashMap.newKeySet();

        MemorySink(boolean concurrent) {
            this.concurrent = concurrent;
        }

        @Override
        public boolean acceptsConcurrentFiles() {
            return concurrent;
        }

        @Override
        public void directory(String path, long modifiedMillis) {}

        @Override
        public OutputStream openFile(String path, long modifiedMillis) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            files.put(path, out);
            return new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    writerThreads.add(Thread.currentThread());
                    synchronized (out) {
                        out.write(b, off, len);
                    }
                }
            };
        }

        @Override
        public void fileDone(String path) {}
    }

    private static final Map<String, byte[]> CONTENT = Map.of(
            "a/json.jsonl", "{\"channel\":\"voice\"}\n".repeat(50_000).getBytes(StandardCharsets.UTF_8),
            "b/random.bin", random(700_000, 1),
            "c/empty.txt", new byte[0],
            "d/small.txt", "hello".getBytes(StandardCharsets.UTF_8));

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Deflated entries with sizes in the local header, as Info-ZIP writes to a file. */
    private static byte[] zipWithSizesInHeaders() throws IOException {
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(channel)) {
            for (String name : new java.util.TreeSet<>(CONTENT.keySet())) {
                zip.putArchiveEntry(new ZipArchiveEntry(name));
                zip.write(CONTENT.get(name));
                zip.closeArchiveEntry();
            }
        }
        return java.util.Arrays.copyOf(channel.array(), (int) channel.size());
    }

    /** Deflated entries with data descriptors, as a streaming writer produces; one stored entry first. */
    private static byte[] zipWithDataDescriptors() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            byte[] small = CONTENT.get("d/small.txt");
            ZipEntry stored = new ZipEntry("d/small.txt");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(small.length);
            CRC32 crc = new CRC32();
            crc.update(small);
            stored.setCrc(crc.getValue());
            zip.putNextEntry(stored);
            zip.write(small);
            for (String name : new String[] {"a/json.jsonl", "b/random.bin", "c/empty.txt"}) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(CONTENT.get(name));
            }
        }
        return bytes.toByteArray();
    }

    private static void assertContent(MemorySink sink) {
        assertEquals(CONTENT.keySet(), sink.files.keySet());
        CONTENT.forEach(
                (name, bytes) -> assertArrayEquals(bytes, sink.files.get(name).toByteArray(), name));
    }

    /** Every way of running: one or several inflating workers, and a sink that takes files on one thread only. */
    static Stream<Arguments> runs() {
        return Stream.of(Arguments.of(1, true), Arguments.of(4, true), Arguments.of(1, false), Arguments.of(4, false));
    }

    private static ZipStreamExtractor.Result extract(byte[] zip, int workers, MemorySink sink) throws IOException {
        return new ZipStreamExtractor(Limits.defaults(), workers).extract(new ByteArrayInputStream(zip), sink);
    }

    /** The failure of extracting {@code zip} with each of {@link #runs()}: one class and one message for all. */
    private static CddsException sameFailureEverywhere(byte[] zip) {
        CddsException first = null;
        for (Arguments run : runs().toList()) {
            int workers = (int) run.get()[0];
            boolean concurrent = (boolean) run.get()[1];
            CddsException e = assertThrows(
                    CddsException.class,
                    () -> extract(zip, workers, new MemorySink(concurrent)),
                    workers + " workers, concurrent " + concurrent);
            if (first == null) {
                first = e;
            } else {
                assertEquals(first.getClass(), e.getClass(), workers + " workers, concurrent " + concurrent);
                assertEquals(first.getMessage(), e.getMessage(), workers + " workers, concurrent " + concurrent);
            }
        }
        return first;
    }

    /** The build's second run of these tests (pom.xml, execution one-processor) must really see one processor. */
    @Test
    void runsWithTheProcessorCountTheBuildAsksFor() throws IOException {
        String expected = System.getProperty("cdds.test.processors");
        assumeTrue(expected != null, "only in the build's one-processor run");
        assertEquals(Integer.parseInt(expected), Runtime.getRuntime().availableProcessors());
        MemorySink sink = new MemorySink(true);
        new ZipStreamExtractor(Limits.defaults()).extract(new ByteArrayInputStream(zipWithSizesInHeaders()), sink);
        assertContent(sink);
    }

    @ParameterizedTest(name = "{0} workers, concurrent sink {1}")
    @MethodSource("runs")
    void entriesWithSizesInTheirHeadersGiveTheSameBytesHoweverRun(int workers, boolean concurrent) throws IOException {
        MemorySink sink = new MemorySink(concurrent);
        ZipStreamExtractor.Result result = extract(zipWithSizesInHeaders(), workers, sink);
        assertContent(sink);
        assertEquals(4, result.entries());
        assertEquals(CONTENT.values().stream().mapToLong(b -> b.length).sum(), result.bytes());
    }

    /** A sink that cannot take files concurrently (standard output) gets every write on the calling thread. */
    @Test
    void aSinkThatCannotTakeConcurrentFilesGetsEverythingOnTheCallingThread() throws IOException {
        MemorySink sink = new MemorySink(false);
        extract(zipWithSizesInHeaders(), 4, sink);
        assertContent(sink);
        assertEquals(Set.of(Thread.currentThread()), sink.writerThreads);
    }

    @Test
    void selectiveExtractionWritesOnlyTheChosenFiles() throws IOException {
        MemorySink target = new MemorySink(true);
        SelectingSink sink =
                new SelectingSink(target, EntrySelection.of(java.util.List.of("a/**", "b/*"), java.util.List.of()));
        new ZipStreamExtractor(Limits.defaults(), 2).extract(new ByteArrayInputStream(zipWithSizesInHeaders()), sink);
        assertEquals(Set.of("a/json.jsonl", "b/random.bin"), target.files.keySet());
        assertArrayEquals(
                CONTENT.get("b/random.bin"), target.files.get("b/random.bin").toByteArray());
        assertEquals(2, sink.files());
        assertEquals(
                false,
                new SelectingSink(new MemorySink(false), EntrySelection.all()).acceptsConcurrentFiles(),
                "a sequential target stays sequential behind a selection");
    }

    @ParameterizedTest(name = "{0} workers, concurrent sink {1}")
    @MethodSource("runs")
    void dataDescriptorsGiveTheSameResult(int workers, boolean concurrent) throws IOException {
        MemorySink sink = new MemorySink(concurrent);
        ZipStreamExtractor.Result result = extract(zipWithDataDescriptors(), workers, sink);
        assertContent(sink);
        assertEquals(4, result.entries());
    }

    @Test
    void corruptDeflateDataFailsTheExtractionTheSameWayHoweverRun() throws IOException {
        byte[] zip = zipWithSizesInHeaders();
        int at = indexOf(zip, "b/random.bin".getBytes(StandardCharsets.UTF_8)) + 5_000;
        for (int i = 0; i < 64; i++) {
            zip[at + i] ^= (byte) 0x5a;
        }
        assertInstanceOf(CorruptInputException.class, sameFailureEverywhere(zip));
    }

    /** The header of a/json.jsonl (1 MB) claims 1,000 bytes: no path inflates more than that before failing. */
    @ParameterizedTest(name = "{0} workers, concurrent sink {1}")
    @MethodSource("runs")
    void anEntryInflatingBeyondItsStatedSizeIsStoppedThere(int workers, boolean concurrent) throws IOException {
        byte[] zip = zipWithSizesInHeaders();
        // Local header of a/json.jsonl: uncompressed size at offset 22; claim 1,000 bytes.
        int header = indexOf(zip, new byte[] {'P', 'K', 3, 4});
        zip[header + 22] = (byte) 0xe8;
        zip[header + 23] = 3;
        zip[header + 24] = 0;
        zip[header + 25] = 0;
        MemorySink sink = new MemorySink(concurrent);
        CorruptInputException e = assertThrows(CorruptInputException.class, () -> extract(zip, workers, sink));
        assertTrue(
                e.getMessage().contains("a/json.jsonl")
                        && e.getMessage().endsWith(" inflates beyond its stated size of 1000 bytes"),
                e.getMessage());
        assertTrue(
                sink.files.get("a/json.jsonl").size() <= 1000,
                "written: " + sink.files.get("a/json.jsonl").size());
        assertEquals(e.getMessage(), sameFailureEverywhere(zip).getMessage());
    }

    /** A header declaring far more than the ratio allows is refused before anything is inflated, on every path. */
    @Test
    void aDeclaredSizeBeyondTheRatioIsRefusedBeforeInflatingHoweverRun() throws IOException {
        byte[] zip = zipWithSizesInHeaders();
        int header = indexOf(zip, new byte[] {'P', 'K', 3, 4});
        zip[header + 25] = 0x40; // a/json.jsonl now claims over 1 GiB
        CddsException e = sameFailureEverywhere(zip);
        assertInstanceOf(UnsafeContentException.class, e);
        assertTrue(
                e.getMessage().contains("a/json.jsonl") && e.getMessage().contains("inflates more than 200 times"),
                e.getMessage());
    }

    @Test
    void truncatedArchiveInsideAnEntryIsCorruptHoweverRun() throws IOException {
        byte[] zip = zipWithSizesInHeaders();
        byte[] cut =
                java.util.Arrays.copyOf(zip, indexOf(zip, "b/random.bin".getBytes(StandardCharsets.UTF_8)) + 10_000);
        CddsException e = sameFailureEverywhere(cut);
        assertInstanceOf(CorruptInputException.class, e);
        assertTrue(e.getMessage().contains("b/random.bin") && e.getMessage().contains("truncated"), e.getMessage());
    }

    /** The entry limit is checked as entries are read: nothing past it is opened, on any path. */
    @ParameterizedTest(name = "{0} workers, concurrent sink {1}")
    @MethodSource("runs")
    void entriesPastTheLimitAreRefusedBeforeTheyAreWritten(int workers, boolean concurrent) throws IOException {
        MemorySink sink = new MemorySink(concurrent);
        UnsafeContentException e = assertThrows(
                UnsafeContentException.class,
                () -> new ZipStreamExtractor(Limits.defaults().withMaxEntries(2), workers)
                        .extract(new ByteArrayInputStream(zipWithSizesInHeaders()), sink));
        assertEquals(
                "the export holds more than 2 entries; raise --max-entries if this export is genuine", e.getMessage());
        assertEquals(2, sink.files.size(), "files opened: " + sink.files.keySet());
        assertEquals(
                4,
                new ZipStreamExtractor(Limits.defaults().withMaxEntries(4), workers)
                        .extract(new ByteArrayInputStream(zipWithSizesInHeaders()), new MemorySink(concurrent))
                        .entries());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
