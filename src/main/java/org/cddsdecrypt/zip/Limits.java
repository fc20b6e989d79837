package org.cddsdecrypt.zip;

/**
 * Limits against decompression bombs.
 *
 * @param maxRatio largest allowed ratio of an entry's inflated size to its compressed size
 * @param ratioFloor entries smaller than this many inflated bytes are not ratio-checked (small files of repeated
 *     characters compress extremely well and are harmless)
 * @param maxTotalBytes largest total inflated size of the export
 */
public record Limits(double maxRatio, long ratioFloor, long maxTotalBytes) {
    /** JSON Lines compress about 5–20x; deflate cannot exceed ~1032x; zeros reach that, real data does not. */
    public static final double DEFAULT_MAX_RATIO = 200;
    public static final long DEFAULT_RATIO_FLOOR = 16L * 1024 * 1024;

    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_RATIO, DEFAULT_RATIO_FLOOR, Long.MAX_VALUE);
    }
}
