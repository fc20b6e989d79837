package org.cddsdecrypt.zip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.testing.Exports;
import org.junit.jupiter.api.Test;

class CentralDirectoryTest {
    /** The central directory of a whole archive in {@code zip}. */
    private static List<CentralDirectoryEntry> directoryOf(byte[] zip) throws org.cddsdecrypt.error.CddsException {
        EndOfCentralDirectory end = EndOfCentralDirectory.find(zip, zip.length);
        int start = (int) (end.centralDirectoryEnd() - end.centralDirectorySize());
        return CentralDirectory.parse(zip, start, end.centralDirectoryEnd(), Long.MAX_VALUE);
    }

    @Test
    void entriesWrittenByJavaUtilZip() throws Exception {
        byte[] big = "abcdefgh".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        byte[] utf8 = "été\n".getBytes(StandardCharsets.UTF_8);
        long time = Instant.parse("2026-03-15T10:20:30Z").toEpochMilli();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            ZipEntry dir = new ZipEntry("données/");
            dir.setTime(time);
            zip.putNextEntry(dir);
            zip.closeEntry();
            ZipEntry file = new ZipEntry("données/été 2026.jsonl");
            file.setTime(time);
            zip.putNextEntry(file);
            zip.write(big);
            zip.closeEntry();
            ZipEntry stored = new ZipEntry("stored.txt");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(utf8.length);
            stored.setCompressedSize(utf8.length);
            CRC32 crc = new CRC32();
            crc.update(utf8);
            stored.setCrc(crc.getValue());
            stored.setTime(time);
            zip.putNextEntry(stored);
            zip.write(utf8);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("empty.txt"));
            zip.closeEntry();
        }
        byte[] zip = bytes.toByteArray();
        List<CentralDirectoryEntry> entries = directoryOf(zip);
        assertEquals(
                List.of("données/", "données/été 2026.jsonl", "stored.txt", "empty.txt"),
                entries.stream().map(CentralDirectoryEntry::name).toList());

        CentralDirectoryEntry dir = entries.get(0);
        assertTrue(dir.isDirectory());
        assertFalse(dir.isSpecial());

        CentralDirectoryEntry file = entries.get(1);
        assertFalse(file.isDirectory());
        assertEquals(big.length, file.size());
        assertTrue(file.compressedSize() > 0 && file.compressedSize() < big.length / 10, "deflated");
        assertEquals(ZipEntry.DEFLATED, file.method());
        CRC32 crc = new CRC32();
        crc.update(big);
        assertEquals(crc.getValue(), file.crc());
        assertTrue(Math.abs(file.lastModifiedMillis() - time) <= 2000, "DOS time within 2 s");

        CentralDirectoryEntry stored = entries.get(2);
        assertEquals(ZipEntry.STORED, stored.method());
        assertEquals(utf8.length, stored.size());
        assertEquals(utf8.length, stored.compressedSize());

        assertEquals(0, entries.get(3).size());
    }

    @Test
    void symbolicLinkAndOtherSpecialFilesAreRecognised() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry link = new ZipArchiveEntry("link");
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write("/etc/passwd".getBytes(StandardCharsets.US_ASCII));
            zip.closeArchiveEntry();
            ZipArchiveEntry fifo = new ZipArchiveEntry("fifo");
            fifo.setUnixMode(0010644);
            zip.putArchiveEntry(fifo);
            zip.closeArchiveEntry();
            ZipArchiveEntry file = new ZipArchiveEntry("file.txt");
            file.setUnixMode(0100644);
            zip.putArchiveEntry(file);
            zip.write('x');
            zip.closeArchiveEntry();
            ZipArchiveEntry dir = new ZipArchiveEntry("dir/");
            dir.setUnixMode(0040755);
            zip.putArchiveEntry(dir);
            zip.closeArchiveEntry();
        }
        List<CentralDirectoryEntry> entries = directoryOf(bytes.toByteArray());
        assertTrue(entries.get(0).isSymbolicLink());
        assertTrue(entries.get(0).isSpecial());
        assertFalse(entries.get(1).isSymbolicLink());
        assertTrue(entries.get(1).isSpecial());
        assertFalse(entries.get(2).isSpecial());
        assertEquals(0100644, entries.get(2).unixMode());
        assertFalse(entries.get(3).isSpecial());
        assertTrue(entries.get(3).isDirectory());
    }

    @Test
    void zip64ExtraFieldSizes() throws Exception {
        byte[] data = "zip64 sizes live in the extra field\n".repeat(50).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            zip.setUseZip64(Zip64Mode.Always);
            ZipArchiveEntry e = new ZipArchiveEntry("big.txt");
            zip.putArchiveEntry(e);
            zip.write(data);
            zip.closeArchiveEntry();
        }
        CentralDirectoryEntry e = directoryOf(bytes.toByteArray()).get(0);
        assertEquals(data.length, e.size());
        assertTrue(e.compressedSize() > 0 && e.compressedSize() < data.length);
    }

    @Test
    void infoZipFixtureAgreesWithJavaUtilZip() throws Exception {
        var zipPath = Exports.get("unsplit-plain").part(".zip");
        List<CentralDirectoryEntry> parsed = directoryOf(Files.readAllBytes(zipPath));
        List<String> expected = new ArrayList<>();
        try (ZipFile zf = new ZipFile(zipPath.toFile(), StandardCharsets.UTF_8)) {
            for (ZipEntry e : Collections.list(zf.entries())) {
                expected.add(e.getName() + " " + e.getSize() + " " + e.getCompressedSize() + " "
                        + Long.toHexString(e.getCrc()) + " " + e.getMethod() + " "
                        + FileTime.fromMillis(e.getTime()));
            }
        }
        List<String> actual = new ArrayList<>();
        for (CentralDirectoryEntry e : parsed) {
            actual.add(e.name() + " " + e.size() + " " + e.compressedSize() + " " + Long.toHexString(e.crc()) + " "
                    + e.method() + " " + FileTime.fromMillis(e.lastModifiedMillis()));
        }
        assertEquals(expected, actual);
        assertTrue(actual.stream().anyMatch(s -> s.startsWith("données/été 2026.jsonl ")), "UTF-8 name decoded");
    }

    @Test
    void malformedDirectories() throws Exception {
        byte[] zip = EndOfCentralDirectoryTest.zip(3, null);
        EndOfCentralDirectory end = EndOfCentralDirectory.find(zip, zip.length);
        int start = (int) end.centralDirectoryOffset();
        int stop = end.centralDirectoryEnd();
        assertEquals(3, CentralDirectory.parse(zip, start, stop, Long.MAX_VALUE).size());
        // Cut inside the last record.
        assertThrows(CorruptInputException.class, () -> CentralDirectory.parse(zip, start, stop - 3, Long.MAX_VALUE));
        // Starting one byte late misses the signature.
        assertThrows(CorruptInputException.class, () -> CentralDirectory.parse(zip, start + 1, stop, Long.MAX_VALUE));
        // Starting at a local file header is not a central directory.
        assertThrows(CorruptInputException.class, () -> CentralDirectory.parse(zip, 0, stop, Long.MAX_VALUE));
        assertEquals(List.of(), CentralDirectory.parse(zip, start, start, Long.MAX_VALUE));
    }

    /** The entry limit is checked record by record, before the entry past it is even decoded. */
    @Test
    void moreEntriesThanTheLimitAreRefused() throws Exception {
        byte[] zip = EndOfCentralDirectoryTest.zip(3, null);
        EndOfCentralDirectory end = EndOfCentralDirectory.find(zip, zip.length);
        int start = (int) end.centralDirectoryOffset();
        assertEquals(
                3,
                CentralDirectory.parse(zip, start, end.centralDirectoryEnd(), 3).size());
        org.cddsdecrypt.error.UnsafeContentException e = assertThrows(
                org.cddsdecrypt.error.UnsafeContentException.class,
                () -> CentralDirectory.parse(zip, start, end.centralDirectoryEnd(), 2));
        assertEquals(
                "the export holds more than 2 entries; raise --max-entries if this export is genuine", e.getMessage());
    }
}
