package org.cddsdecrypt.zip;

import static org.cddsdecrypt.zip.LittleEndian.u16;
import static org.cddsdecrypt.zip.LittleEndian.u32;
import static org.cddsdecrypt.zip.LittleEndian.u64;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.CorruptInputException;

/** Parses central-directory file headers (the archive's own list of its entries). */
public final class CentralDirectory {
    private static final long CFH_SIGNATURE = 0x02014b50L;
    private static final int CFH_LENGTH = 46;
    private static final int HOST_UNIX = 3;
    private static final int ZIP64_EXTRA = 0x0001;

    private CentralDirectory() {
    }

    /** The entries in {@code buf[start, end)}, which must hold exactly the central directory. */
    public static List<CentralDirectoryEntry> parse(byte[] buf, int start, int end) throws CorruptInputException {
        if (start < 0 || start > end || end > buf.length) {
            throw new CorruptInputException("zip central directory lies outside the end of the archive");
        }
        List<CentralDirectoryEntry> entries = new ArrayList<>();
        int pos = start;
        while (pos < end) {
            if (pos + CFH_LENGTH > end || u32(buf, pos) != CFH_SIGNATURE) {
                throw new CorruptInputException("malformed zip central directory at record " + (entries.size() + 1));
            }
            int nameLength = u16(buf, pos + 28);
            int extraLength = u16(buf, pos + 30);
            int commentLength = u16(buf, pos + 32);
            int next = pos + CFH_LENGTH + nameLength + extraLength + commentLength;
            if (next > end) {
                throw new CorruptInputException("zip central directory is truncated");
            }
            entries.add(entry(buf, pos, nameLength, extraLength));
            pos = next;
        }
        return entries;
    }

    private static CentralDirectoryEntry entry(byte[] b, int pos, int nameLength, int extraLength) {
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
