package org.cddsdecrypt.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.cddsdecrypt.CorruptInputException;
import org.junit.jupiter.api.Test;

/**
 * The zip stage on archives built in memory: entries with sizes in their local header are inflated on worker
 * threads, entries with data descriptors by Commons Compress on the calling thread, and both give the same bytes.
 */
class ZipStreamExtractorTest {
    /** Keeps every file in memory and notes which threads wrote file data. */
    static final class MemorySink implements EntrySink {
        final boolean concurrent;
        final Map<String, ByteArrayOutputStream> files = new ConcurrentHashMap<>();
        final Set<String> writerThreads = ConcurrentHashMap.newKeySet();

        MemorySink(boolean concurrent) {
            this.concurrent = concurrent;
        }

        @Override
        public boolean acceptsConcurrentFiles() {
            return concurrent;
        }

        @Override
        public void directory(String path, long modifiedMillis) {
        }

        @Override
        public OutputStream openFile(String path) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            files.put(path, out);
            return new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    writerThreads.add(Thread.currentThread().getName());
                    synchronized (out) {
                        out.write(b, off, len);
                    }
                }
            };
        }

        @Override
        public void fileDone(String path, long modifiedMillis) {
        }
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
        CONTENT.forEach((name, bytes) -> assertArrayEquals(bytes, sink.files.get(name).toByteArray(), name));
    }

    @Test
    void entriesWithSizesInTheirHeadersAreInflatedOnWorkerThreads() throws IOException {
        MemorySink sink = new MemorySink(true);
        ZipStreamExtractor.Result result = new ZipStreamExtractor(Limits.defaults())
                .extract(new ByteArrayInputStream(zipWithSizesInHeaders()), sink);
        assertContent(sink);
        assertEquals(4, result.entries());
        assertEquals(CONTENT.values().stream().mapToLong(b -> b.length).sum(), result.bytes());
        assertEquals(Set.of("inflate"), sink.writerThreads, "file data must come from the inflate workers");
    }

    @Test
    void aSinkThatCannotTakeConcurrentFilesGetsEverythingOnTheCallingThread() throws IOException {
        MemorySink sink = new MemorySink(false);
        new ZipStreamExtractor(Limits.defaults()).extract(new ByteArrayInputStream(zipWithSizesInHeaders()), sink);
        assertContent(sink);
        assertEquals(Set.of(Thread.currentThread().getName()), sink.writerThreads);
    }

    @Test
    void selectiveExtractionKeepsTheParallelPathAndOnlyTheChosenFiles() throws IOException {
        MemorySink target = new MemorySink(true);
        SelectingSink sink = new SelectingSink(target, EntrySelection.of(java.util.List.of("a/**", "b/*"),
                java.util.List.of()));
        new ZipStreamExtractor(Limits.defaults()).extract(new ByteArrayInputStream(zipWithSizesInHeaders()), sink);
        assertEquals(Set.of("a/json.jsonl", "b/random.bin"), target.files.keySet());
        assertArrayEquals(CONTENT.get("b/random.bin"), target.files.get("b/random.bin").toByteArray());
        assertEquals(2, sink.files());
        assertEquals(Set.of("inflate"), target.writerThreads);
        assertEquals(false, new SelectingSink(new MemorySink(false), EntrySelection.all()).acceptsConcurrentFiles(),
                "a sequential target stays sequential behind a selection");
    }

    @Test
    void dataDescriptorsFallBackToSequentialInflatingWithTheSameResult() throws IOException {
        MemorySink sink = new MemorySink(true);
        ZipStreamExtractor.Result result = new ZipStreamExtractor(Limits.defaults())
                .extract(new ByteArrayInputStream(zipWithDataDescriptors()), sink);
        assertContent(sink);
        assertEquals(4, result.entries());
        assertTrue(sink.writerThreads.contains(Thread.currentThread().getName()),
                "entries after a data descriptor are read by Commons Compress on the calling thread");
    }

    @Test
    void corruptDeflateDataInAParallelEntryFailsTheExtraction() throws IOException {
        byte[] zip = zipWithSizesInHeaders();
        int at = indexOf(zip, "b/random.bin".getBytes(StandardCharsets.UTF_8)) + 5_000;
        for (int i = 0; i < 64; i++) {
            zip[at + i] ^= (byte) 0x5a;
        }
        assertThrows(CorruptInputException.class, () -> new ZipStreamExtractor(Limits.defaults())
                .extract(new ByteArrayInputStream(zip), new MemorySink(true)));
    }

    @Test
    void anEntryInflatingBeyondItsStatedSizeIsStoppedThere() throws IOException {
        byte[] zip = zipWithSizesInHeaders();
        // Local header of a/json.jsonl: uncompressed size at offset 22; claim 1,000 bytes.
        int header = indexOf(zip, new byte[] {'P', 'K', 3, 4});
        zip[header + 22] = (byte) 0xe8;
        zip[header + 23] = 3;
        zip[header + 24] = 0;
        zip[header + 25] = 0;
        CorruptInputException e = assertThrows(CorruptInputException.class, () -> new ZipStreamExtractor(
                Limits.defaults()).extract(new ByteArrayInputStream(zip), new MemorySink(true)));
        assertTrue(e.getMessage().contains("beyond its stated size"), e.getMessage());
    }

    @Test
    void truncatedArchiveInsideAParallelEntryIsCorrupt() throws IOException {
        byte[] zip = zipWithSizesInHeaders();
        byte[] cut = java.util.Arrays.copyOf(zip, indexOf(zip, "b/random.bin".getBytes(StandardCharsets.UTF_8))
                + 10_000);
        assertThrows(CorruptInputException.class, () -> new ZipStreamExtractor(Limits.defaults())
                .extract(new ByteArrayInputStream(cut), new MemorySink(true)));
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
