package org.cddsdecrypt.zip;

/**
 * One record of the central directory: what the archive says an entry is.
 *
 * @param name entry name as stored (decoded as UTF-8)
 * @param crc CRC-32 of the content
 * @param compressedSize bytes stored
 * @param size bytes after decompression
 * @param method compression method
 * @param dosTime MS-DOS date and time
 * @param unixMode Unix mode bits (file type and permissions) when made on Unix, else 0
 */
public record CentralDirectoryEntry(
        String name, long crc, long compressedSize, long size, int method, long dosTime, int unixMode) {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    public boolean isDirectory() {
        return name.endsWith("/");
    }

    public boolean isSymbolicLink() {
        return (unixMode & S_IFMT) == S_IFLNK;
    }

    /** True for anything that is neither a regular file nor a directory: links, devices, FIFOs, sockets. */
    public boolean isSpecial() {
        int type = unixMode & S_IFMT;
        return type != 0 && type != S_IFREG && type != S_IFDIR;
    }

    /** Modification time as epoch millis, from the MS-DOS fields (local time, as zip stores it). */
    public long lastModifiedMillis() {
        return org.apache.commons.compress.archivers.zip.ZipUtil.dosToJavaTime(dosTime);
    }
}
