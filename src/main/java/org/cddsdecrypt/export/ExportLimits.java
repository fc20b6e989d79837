package org.cddsdecrypt.export;

import org.cddsdecrypt.zip.Limits;

/**
 * The limits against decompression bombs that the commands take as options (see {@link Limits}).
 *
 * @param maxRatio largest allowed ratio of an entry's inflated size to its compressed size
 * @param maxTotalBytes largest total inflated size of the export
 * @param maxEntries most entries (files and folders) in the export
 */
public record ExportLimits(double maxRatio, long maxTotalBytes, long maxEntries) {
    public static final double DEFAULT_MAX_RATIO = Limits.DEFAULT_MAX_RATIO;
    public static final long DEFAULT_MAX_ENTRIES = Limits.DEFAULT_MAX_ENTRIES;

    public static ExportLimits defaults() {
        return new ExportLimits(DEFAULT_MAX_RATIO, Long.MAX_VALUE, DEFAULT_MAX_ENTRIES);
    }

    /** These limits with at most {@code entries} entries. */
    public ExportLimits withMaxEntries(long entries) {
        return new ExportLimits(maxRatio, maxTotalBytes, entries);
    }

    Limits zip() {
        return new Limits(maxRatio, Limits.DEFAULT_RATIO_FLOOR, maxTotalBytes, maxEntries);
    }
}
