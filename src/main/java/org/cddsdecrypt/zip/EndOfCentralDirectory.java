package org.cddsdecrypt.zip;

import static org.cddsdecrypt.zip.LittleEndian.u16;
import static org.cddsdecrypt.zip.LittleEndian.u32;
import static org.cddsdecrypt.zip.LittleEndian.u64;

import org.cddsdecrypt.error.CorruptInputException;

/**
 * The end-of-central-directory record (with its ZIP64 form), found in the last bytes of an archive.
 *
 * @param thisDisk 0-based number of the segment holding this record: a split set has {@code thisDisk + 1} segments
 * @param centralDirectoryDisk 0-based segment where the central directory starts
 * @param centralDirectoryOffset offset of the central directory within that segment
 * @param centralDirectorySize size of the central directory in bytes
 * @param entries number of entries in the whole archive
 * @param centralDirectoryEnd position in the searched buffer just after the central directory (where the ZIP64
 *     record or the EOCD begins)
 */
public record EndOfCentralDirectory(
        int thisDisk,
        int centralDirectoryDisk,
        long centralDirectoryOffset,
        long centralDirectorySize,
        long entries,
        int centralDirectoryEnd) {

    static final int EOCD_SIGNATURE = 0x06054b50;
    static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int EOCD_LENGTH = 22;
    /** The last bytes of an archive that hold the end record with the longest comment and a ZIP64 record. */
    public static final int SEARCH = 0xffff + 22 + 20 + 56 + 1024;

    private static final int LOCATOR_LENGTH = 20;
    private static final int ZIP64_EOCD_MIN_LENGTH = 56;
    /** Zip tools number segments in 16 bits; a ZIP64 record announcing more is damaged (or hostile). */
    private static final long MAX_SEGMENTS = 0x10000;

    /** Segments in the set, per this record. */
    public int segments() {
        return thisDisk + 1;
    }

    /** Finds the record in {@code buf[0, len)}, whose end is the end of the archive. */
    public static EndOfCentralDirectory find(byte[] buf, int len) throws CorruptInputException {
        for (int pos = len - EOCD_LENGTH; pos >= 0 && pos >= len - EOCD_LENGTH - 0xffff; pos--) {
            if (u32(buf, pos) == EOCD_SIGNATURE && pos + EOCD_LENGTH + u16(buf, pos + 20) == len) {
                return parse(buf, pos);
            }
        }
        throw new CorruptInputException(
                "no zip end-of-central-directory record at the end of the export " + "(truncated, or not a zip)");
    }

    private static EndOfCentralDirectory parse(byte[] b, int pos) throws CorruptInputException {
        int thisDisk = u16(b, pos + 4);
        int cdDisk = u16(b, pos + 6);
        long entries = u16(b, pos + 10);
        long cdSize = u32(b, pos + 12);
        long cdOffset = u32(b, pos + 16);
        int locator = pos - LOCATOR_LENGTH;
        if (locator >= 0 && u32(b, locator) == ZIP64_LOCATOR_SIGNATURE) {
            long recordDiskOffset = u64(b, locator + 8);
            int record = locator - ZIP64_EOCD_MIN_LENGTH;
            // The record normally sits right before the locator; an extensible data sector would move it.
            while (record >= 0 && u32(b, record) != ZIP64_EOCD_SIGNATURE) {
                record--;
            }
            if (record < 0) {
                throw new CorruptInputException(
                        "zip64 end-of-central-directory record not found (offset " + recordDiskOffset + ")");
            }
            return checked(
                    u32(b, record + 16),
                    u32(b, record + 20),
                    u64(b, record + 48),
                    u64(b, record + 40),
                    u64(b, record + 32),
                    record);
        }
        return checked(thisDisk, cdDisk, cdOffset, cdSize, entries, pos);
    }

    /** Values from the (untrusted) record, refused unless usable as sizes, offsets and segment numbers. */
    private static EndOfCentralDirectory checked(
            long thisDisk, long cdDisk, long cdOffset, long cdSize, long entries, int end)
            throws CorruptInputException {
        if (thisDisk >= MAX_SEGMENTS || cdDisk > thisDisk || cdOffset < 0 || cdSize < 0 || entries < 0) {
            throw new CorruptInputException("zip end-of-central-directory record is damaged (segment " + thisDisk
                    + ", directory on segment " + cdDisk + " at offset " + cdOffset + ", " + cdSize + " bytes, "
                    + entries + " entries)");
        }
        return new EndOfCentralDirectory((int) thisDisk, (int) cdDisk, cdOffset, cdSize, entries, end);
    }
}
