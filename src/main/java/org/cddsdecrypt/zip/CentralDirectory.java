package org.cddsdecrypt.zip;

import static org.cddsdecrypt.zip.LittleEndian.u16;
import static org.cddsdecrypt.zip.LittleEndian.u32;
import static org.cddsdecrypt.zip.LittleEndian.u64;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.UnsafeContentException;

/** Parses central-directory file headers (the archive's own list of its entries). */
public final class CentralDirectory {
    /**
     * Most bytes of central directory held in memory. A real one takes about 100 bytes per entry (7 MB for 70,000
     * entries); a damaged or hostile archive may claim gigabytes, or make the streaming reader skip everything after
     * a stray directory signature.
     */
    public static final long MAX_BYTES =
            Math.min(512L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4);

    private static final long CFH_SIGNATURE = 0x02014b50L;
    static final int CFH_LENGTH = 46;
    private static final int HOST_UNIX = 3;
    private static final int ZIP64_EXTRA = 0x0001;

    private CentralDirectory() {}

    /**
     * The entries in {@code buf[start, end)}, which must hold exactly the central directory: at most
     * {@code maxEntries} of them.
     */
    public static List<CentralDirectoryEntry> parse(byte[] buf, int start, int end, long maxEntries)
            throws CddsException {
        if (start < 0 || start > end || end > buf.length) {
            throw new CorruptInputException("zip central directory lies outside the end of the archive");
        }
        List<CentralDirectoryEntry> entries = new ArrayList<>();
        int pos = start;
        while (pos < end) {
            if (pos + CFH_LENGTH > end || !isRecord(buf, pos)) {
                throw malformedAt(entries.size() + 1);
            }
            int next = pos + recordLength(buf, pos);
            if (next > end) {
                throw truncated();
            }
            if (entries.size() >= maxEntries) {
                throw tooManyEntries(maxEntries);
            }
            entries.add(entry(buf, pos));
            pos = next;
        }
        return entries;
    }

    /** True when a central-directory file header starts at {@code pos} (which has 4 bytes). */
    static boolean isRecord(byte[] b, int pos) {
        return u32(b, pos) == CFH_SIGNATURE;
    }

    /** The whole length of the record whose {@link #CFH_LENGTH}-byte header starts at {@code pos}. */
    static int recordLength(byte[] b, int pos) {
        return CFH_LENGTH + u16(b, pos + 28) + u16(b, pos + 30) + u16(b, pos + 32);
    }

    static CorruptInputException malformedAt(long record) {
        return new CorruptInputException("malformed zip central directory at record " + record);
    }

    static CorruptInputException truncated() {
        return new CorruptInputException("zip central directory is truncated");
    }

    /** The failure for an archive with more than {@code maxEntries} entries (exit 6), wherever it is counted. */
    public static UnsafeContentException tooManyEntries(long maxEntries) {
        return new UnsafeContentException("the export holds more than " + maxEntries + " entries; raise "
                + "--max-entries if this export is genuine");
    }

    /** The entry whose whole record is in {@code b} from {@code pos}. */
    static CentralDirectoryEntry entry(byte[] b, int pos) {
        int nameLength = u16(b, pos + 28);
        int extraLength = u16(b, pos + 30);
        int madeBy = u16(b, pos + 4) >> 8;
        int method = u16(b, pos + 10);
        long dosTime = u32(b, pos + 12);
        long crc = u32(b, pos + 16);
        long compressed = u32(b, pos + 20);
        long size = u32(b, pos + 24);
        long external = u32(b, pos + 38);
        String name = new String(b, pos + CFH_LENGTH, nameLength, StandardCharsets.UTF_8);
        int extra = pos + CFH_LENGTH + nameLength;
        long[] sizes = zip64Sizes(b, extra, extra + extraLength, size, compressed);
        int unixMode = madeBy == HOST_UNIX ? (int) (external >>> 16) : 0;
        return new CentralDirectoryEntry(name, crc, sizes[1], sizes[0], method, dosTime, unixMode);
    }

    /** Uncompressed and compressed size, taken from the ZIP64 extra field where the 32-bit fields overflowed. */
    private static long[] zip64Sizes(byte[] b, int from, int to, long size, long compressed) {
        long[] result = {size, compressed};
        for (int p = from; p + 4 <= to; ) {
            int id = u16(b, p);
            int len = u16(b, p + 2);
            // A field may claim more bytes than the extra block has left: read only within the block.
            int fieldEnd = Math.min(p + 4 + len, to);
            if (id == ZIP64_EXTRA) {
                int field = p + 4;
                if (size == 0xffffffffL && field + 8 <= fieldEnd) {
                    result[0] = u64(b, field);
                    field += 8;
                }
                if (compressed == 0xffffffffL && field + 8 <= fieldEnd) {
                    result[1] = u64(b, field);
                }
            }
            p += 4 + len;
        }
        return result;
    }
}
