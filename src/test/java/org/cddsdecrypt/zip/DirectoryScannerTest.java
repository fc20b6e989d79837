package org.cddsdecrypt.zip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.UnsafeContentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Central directories larger than a recording is kept whole (about 400 KB here), read as they stream past: every
 * check the directory is for still holds, on both inflating paths.
 */
class DirectoryScannerTest {
    private static final int ENTRIES = 5_000;

    /** {@code count} small deflated entries, the one at {@code symlinkAt} (if any) a symbolic link. */
    private static byte[] zip(int count, int symlinkAt, byte[] lastStored) throws IOException {
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(channel)) {
            for (int i = 0; i < count; i++) {
                ZipArchiveEntry entry = new ZipArchiveEntry(String.format("day-%03d/part-%06d.jsonl", i / 1000, i));
                if (i == symlinkAt) {
                    entry.setUnixMode(0120777);
                }
                zip.putArchiveEntry(entry);
                zip.write(("{\"id\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
            if (lastStored != null) {
                ZipArchiveEntry entry = new ZipArchiveEntry("attachments/nested.zip");
                entry.setMethod(ZipArchiveEntry.STORED);
                zip.putArchiveEntry(entry);
                zip.write(lastStored);
                zip.closeArchiveEntry();
            }
        }
        return Arrays.copyOf(channel.array(), (int) channel.size());
    }

    private static ZipStreamExtractor.Result extract(byte[] zip, boolean concurrent) throws IOException {
        EntrySink discard = EntrySink.discard();
        EntrySink sink = concurrent
                ? discard
                : new SelectingSink(
                        new ZipStreamExtractorTest.MemorySink(false),
                        EntrySelection.of(java.util.List.of("day-000/part-000000.jsonl"), java.util.List.of()));
        return new ZipStreamExtractor(Limits.defaults(), 2).extract(new ByteArrayInputStream(zip), sink);
    }

    @ParameterizedTest(name = "concurrent sink {0}")
    @ValueSource(booleans = {true, false})
    void aLargeDirectoryIsReadAsItStreams(boolean concurrent) throws IOException {
        byte[] zip = zip(ENTRIES, -1, null);
        int end = zip.length - 22;
        long directorySize = (zip[end + 12] & 0xffL) | (zip[end + 13] & 0xffL) << 8 | (zip[end + 14] & 0xffL) << 16;
        assertTrue(directorySize > DirectoryScanner.RING, "directory larger than what is kept whole");
        assertEquals(ENTRIES, extract(zip, concurrent).entries());
    }

    @ParameterizedTest(name = "concurrent sink {0}")
    @ValueSource(booleans = {true, false})
    void aNameChangedInALargeDirectoryIsFound(boolean concurrent) throws IOException {
        byte[] zip = zip(ENTRIES, -1, null);
        byte[] name = "part-004876.jsonl".getBytes(StandardCharsets.UTF_8);
        int last = lastIndexOf(zip, name);
        zip[last + 5] = '9'; // the directory's copy (the last occurrence) now says part-904876
        CorruptInputException e = assertThrows(CorruptInputException.class, () -> extract(zip, concurrent));
        assertTrue(e.getMessage().contains("do not match its central directory"), e.getMessage());
    }

    @Test
    void aSymbolicLinkNearTheEndOfALargeDirectoryIsRefused() throws IOException {
        byte[] zip = zip(ENTRIES, ENTRIES - 3, null);
        UnsafeContentException e = assertThrows(UnsafeContentException.class, () -> extract(zip, true));
        assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains("part-004997"), e.getMessage());
    }

    /** A stored zip as the last entry puts directory signatures where the real directory may start. */
    @Test
    void aStoredZipAsTheLastEntryDoesNotConfuseWhereTheDirectoryStarts() throws IOException {
        byte[] nested = zip(150, -1, null);
        byte[] zip = zip(ENTRIES, -1, nested);
        assertEquals(ENTRIES + 1, extract(zip, true).entries());
    }

    @Test
    void aDirectoryCutShortIsCorrupt() throws IOException {
        byte[] zip = zip(ENTRIES, -1, null);
        // The end record claims a directory 10 bytes longer than it is: it starts 10 bytes early.
        int end = zip.length - 22;
        long size = (zip[end + 12] & 0xffL) | (zip[end + 13] & 0xffL) << 8 | (zip[end + 14] & 0xffL) << 16;
        size += 10;
        zip[end + 12] = (byte) size;
        zip[end + 13] = (byte) (size >> 8);
        zip[end + 14] = (byte) (size >> 16);
        CorruptInputException e = assertThrows(CorruptInputException.class, () -> extract(zip, true));
        assertTrue(e.getMessage().contains("central directory"), e.getMessage());
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
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
