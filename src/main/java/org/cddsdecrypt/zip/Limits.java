package org.cddsdecrypt.zip;

/**
 * Limits against decompression bombs and archives built to exhaust memory.
 *
 * @param maxRatio largest allowed ratio of an entry's inflated size to its compressed size
 * @param ratioFloor entries smaller than this many inflated bytes are not ratio-checked (small files of repeated
 *     characters compress extremely well and are harmless)
 * @param maxTotalBytes largest total inflated size of the export
 * @param maxEntries most entries (files and folders) in the export, counted as they are read
 */
public record Limits(double maxRatio, long ratioFloor, long maxTotalBytes, long maxEntries) {
    /** JSON Lines compress about 5–20x; deflate cannot exceed ~1032x; zeros reach that, real data does not. */
    public static final double DEFAULT_MAX_RATIO = 200;

    public static final long DEFAULT_RATIO_FLOOR = 16L * 1024 * 1024;
    /**
     * CDDS exports hold thousands to tens of thousands of entries. Extracting holds nothing per entry, but each
     * costs time (a few seconds per 100,000 empty ones), and {@code list} holds them all; two million is far above
     * any export and bounds both.
     */
    public static final long DEFAULT_MAX_ENTRIES = 2_000_000;

    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_RATIO, DEFAULT_RATIO_FLOOR, Long.MAX_VALUE, DEFAULT_MAX_ENTRIES);
    }

    /** These limits with at most {@code entries} entries. */
    public Limits withMaxEntries(long entries) {
        return new Limits(maxRatio, ratioFloor, maxTotalBytes, entries);
    }
}
