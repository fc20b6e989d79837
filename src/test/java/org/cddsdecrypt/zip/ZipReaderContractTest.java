package org.cddsdecrypt.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;

/**
 * What the parallel inflating path takes from Commons Compress's {@link ZipArchiveInputStream} without its API
 * promising it: {@code getNextZipEntry} reads an entry's local header and nothing of its data, and when the next entry
 * is asked for with the data unread, {@code closeEntry} drains exactly the entry's compressed size from the stream
 * under it (no read-ahead, no seek). {@link RecordingInputStream#readRaw} takes the data itself and
 * {@link RecordingInputStream#hideFromReader} serves that many phantom bytes in its place. A Commons Compress upgrade
 * that changes either fails here, by name, rather than as corrupt entries somewhere in the extraction tests.
 */
class ZipReaderContractTest {
    private static final byte[] FIRST = random(200_000);
    private static final byte[] SECOND = "the entry after the one taken raw\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void anEntryTakenRawIsSkippedByExactlyItsCompressedSize() throws Exception {
        RecordingInputStream recorder = new RecordingInputStream(new ByteArrayInputStream(zip()), 10);
        ZipArchiveInputStream reader = new ZipArchiveInputStream(recorder, "UTF-8", true, false, true);

        ZipArchiveEntry first = reader.getNextZipEntry();
        assertTrue(ParallelInflater.canTake(first), "sizes in the local header, as the parallel path needs");
        byte[] raw = new byte[(int) first.getCompressedSize()];
        for (int off = 0; off < raw.length; ) {
            int n = recorder.readRaw(raw, off, raw.length - off);
            assertTrue(n > 0, "the entry's data is all still under the reader");
            off += n;
        }
        assertArrayEquals(FIRST, inflate(raw, FIRST.length), "the reader had read none of the entry's data");

        recorder.hideFromReader(first.getCompressedSize());
        ZipArchiveEntry second = reader.getNextZipEntry();
        assertNotNull(second, "the next local header found right after the phantom bytes");
        assertEquals("second.txt", second.getName());
        assertArrayEquals(SECOND, reader.readAllBytes());
        assertEquals(null, reader.getNextZipEntry());
    }

    /** Two deflated entries with their sizes in the local headers (written to a seekable channel). */
    private static byte[] zip() throws IOException {
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(channel)) {
            zip.putArchiveEntry(new ZipArchiveEntry("first.bin"));
            zip.write(FIRST);
            zip.closeArchiveEntry();
            zip.putArchiveEntry(new ZipArchiveEntry("second.txt"));
            zip.write(SECOND);
            zip.closeArchiveEntry();
        }
        return Arrays.copyOf(channel.array(), (int) channel.size());
    }

    private static byte[] inflate(byte[] deflated, int size) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        byte[] out = new byte[size];
        int n = inflater.inflate(out);
        assertTrue(inflater.finished() && n == size, "one whole deflate stream");
        inflater.end();
        return out;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(14).nextBytes(bytes);
        return bytes;
    }
}
