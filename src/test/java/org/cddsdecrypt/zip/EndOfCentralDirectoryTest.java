package org.cddsdecrypt.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.testing.Exports;
import org.junit.jupiter.api.Test;

class EndOfCentralDirectoryTest {
    static final byte[] CFH = {'P', 'K', 1, 2};
    static final byte[] EOCD = {'P', 'K', 5, 6};

    /** A zip of {@code count} small text entries written by java.util.zip, with an optional archive comment. */
    static byte[] zip(int count, String comment) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            if (comment != null) {
                zip.setComment(comment);
            }
            for (int i = 0; i < count; i++) {
                zip.putNextEntry(new ZipEntry("dir/file-" + i + ".txt"));
                zip.write(("content " + i + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] at(byte[] buf, long pos, int len) {
        return Arrays.copyOfRange(buf, (int) pos, (int) pos + len);
    }

    @Test
    void plainZip() throws Exception {
        byte[] zip = zip(3, null);
        EndOfCentralDirectory end = EndOfCentralDirectory.find(zip, zip.length);
        assertEquals(0, end.thisDisk());
        assertEquals(1, end.segments());
        assertEquals(0, end.centralDirectoryDisk());
        assertEquals(3, end.entries());
        assertEquals(zip.length - 22, end.centralDirectoryEnd());
        assertArrayEquals(CFH, at(zip, end.centralDirectoryOffset(), 4), "offset points at the first CFH");
        assertEquals(end.centralDirectoryEnd(), end.centralDirectoryOffset() + end.centralDirectorySize());
    }

    @Test
    void archiveCommentEvenOneHoldingTheSignature() throws Exception {
        String comment = "exported PK\u0005\u0006 by a test " + "x".repeat(300);
        byte[] zip = zip(2, comment);
        EndOfCentralDirectory end = EndOfCentralDirectory.find(zip, zip.length);
        assertEquals(2, end.entries());
        assertEquals(zip.length - 22 - comment.length(), end.centralDirectoryEnd());
        assertArrayEquals(EOCD, at(zip, end.centralDirectoryEnd(), 4));
        assertArrayEquals(CFH, at(zip, end.centralDirectoryOffset(), 4));
    }

    @Test
    void onlyTheFirstLenBytesCount() throws Exception {
        byte[] zip = zip(1, null);
        byte[] padded = Arrays.copyOf(zip, zip.length + 100);
        Arrays.fill(padded, zip.length, padded.length, (byte) 'x');
        assertEquals(1, EndOfCentralDirectory.find(padded, zip.length).entries());
        assertThrows(CorruptInputException.class, () -> EndOfCentralDirectory.find(padded, padded.length));
    }

    @Test
    void zip64RecordIsPreferred() throws Exception {
        // 65,535 entries or more make java.util.zip write a ZIP64 end record: the 16-bit count says 0xffff.
        int count = 65_536;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setMethod(ZipOutputStream.STORED);
            for (int i = 0; i < count; i++) {
                ZipEntry e = new ZipEntry(Integer.toString(i));
                e.setSize(0);
                e.setCompressedSize(0);
                e.setCrc(0);
                zip.putNextEntry(e);
                zip.closeEntry();
            }
        }
        byte[] zip = bytes.toByteArray();
        EndOfCentralDirectory end = EndOfCentralDirectory.find(zip, zip.length);
        assertEquals(count, end.entries());
        assertEquals(1, end.segments());
        assertArrayEquals(CFH, at(zip, end.centralDirectoryOffset(), 4));
        assertArrayEquals(
                new byte[] {'P', 'K', 6, 6},
                at(zip, end.centralDirectoryEnd(), 4),
                "the directory ends where the ZIP64 end record starts");
        assertEquals(end.centralDirectoryEnd(), end.centralDirectoryOffset() + end.centralDirectorySize());
    }

    @Test
    void notAZipOrTruncated() throws Exception {
        byte[] text = "plain text, no zip here at all".repeat(10).getBytes(StandardCharsets.US_ASCII);
        assertThrows(CorruptInputException.class, () -> EndOfCentralDirectory.find(text, text.length));
        byte[] zip = zip(3, null);
        assertThrows(CorruptInputException.class, () -> EndOfCentralDirectory.find(zip, zip.length - 5));
        assertThrows(CorruptInputException.class, () -> EndOfCentralDirectory.find(new byte[0], 0));
        byte[] commented = zip(1, "a comment");
        // The record's comment length must reach exactly the end: a cut comment is a truncation.
        assertThrows(CorruptInputException.class, () -> EndOfCentralDirectory.find(commented, commented.length - 1));
    }

    @Test
    void lastSegmentOfInfoZipSplitSetTellsTheSegmentCount() throws Exception {
        Exports.Export plain12 = Exports.get("plain12");
        byte[] last = Files.readAllBytes(plain12.part(".zip"));
        EndOfCentralDirectory end = EndOfCentralDirectory.find(last, last.length);
        assertEquals(11, end.thisDisk());
        assertEquals(12, end.segments());
        assertEquals(17, end.entries()); // 12 files, 1 empty file, 4 folders of trees/medium
    }

    @Test
    void infoZipUnsplitArchive() throws Exception {
        byte[] zip = Files.readAllBytes(Exports.get("unsplit-plain").part(".zip"));
        EndOfCentralDirectory end = EndOfCentralDirectory.find(zip, zip.length);
        assertEquals(1, end.segments());
        assertEquals(15, end.entries());
        assertArrayEquals(CFH, at(zip, end.centralDirectoryOffset(), 4));
    }
}
