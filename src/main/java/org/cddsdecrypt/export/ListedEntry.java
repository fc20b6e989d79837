package org.cddsdecrypt.export;

/**
 * One entry of an export as its central directory lists it.
 *
 * @param name path as stored (folders end in '/')
 * @param modifiedMillis modification time, epoch millis
 * @param crc CRC-32 of the content
 */
public record ListedEntry(
        String name, long size, long compressedSize, long modifiedMillis, boolean directory, long crc) {}
