package org.cddsdecrypt.parts;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.io.Untrusted;

/**
 * The name of one part of an export: {@code <base>.zNN[.wrapper]} or {@code <base>.zip[.wrapper]}, where NN runs
 * 01 … 99, 100, 101 … (Info-ZIP and WinZip number past 99 without padding) and the wrapper is {@code .smime},
 * {@code .p7m} or {@code .pem} for encrypted parts.
 *
 * @param base everything before the segment extension, e.g. {@code export-2b71…}
 * @param number 1-based segment number; the final {@code .zip} segment has {@link #FINAL}
 * @param wrapper the encrypted wrapper suffix including its dot, or "" for a decrypted segment
 */
public record PartName(String base, int number, String wrapper) {
    public static final int FINAL = Integer.MAX_VALUE;
    private static final Pattern PART = Pattern.compile(
            "(?<base>.+)\\.(?:z(?<num>0[1-9]|[1-9][0-9]+)|(?<zip>zip))(?<wrapper>\\.(?:smime|p7m|pem))?",
            Pattern.CASE_INSENSITIVE);

    /** Parses a file name (not a path); empty when it is not an export part. */
    public static Optional<PartName> parse(String fileName) {
        Matcher m = PART.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        String wrapper = m.group("wrapper") == null ? "" : m.group("wrapper");
        if (m.group("zip") != null) {
            return Optional.of(new PartName(m.group("base"), FINAL, wrapper));
        }
        try {
            return Optional.of(new PartName(m.group("base"), Integer.parseInt(m.group("num")), wrapper));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * True when {@code exportName} can be a folder name as it is: not empty, not made of dots only ({@code .},
     * {@code ..}, and {@code ...}, which Windows reads as {@code .}), without a path separator and without anything
     * {@link Untrusted} would escape (controls, bidirectional overrides). The name pattern accepts any base, so
     * {@code ..zip.smime} is a part of the export "."; such names are refused wherever an export name is used.
     */
    public static boolean isPlainExportName(String exportName) {
        return !exportName.isEmpty()
                && !exportName.chars().allMatch(c -> c == '.')
                && exportName.indexOf('/') < 0
                && exportName.indexOf('\\') < 0
                && Untrusted.isClean(exportName);
    }

    /** Refuses (exit 5) an export name that {@link #isPlainExportName} does not accept. */
    public static void requirePlainExportName(String exportName) throws CorruptInputException {
        if (!isPlainExportName(exportName)) {
            throw new CorruptInputException("the export name \"" + Untrusted.text(exportName) + "\" taken from its "
                    + "part names is not a plain folder name: rename the parts (e.g. export-<id>.z01.smime …)");
        }
    }

    public boolean isFinal() {
        return number == FINAL;
    }

    public boolean isEncrypted() {
        return !wrapper.isEmpty();
    }

    /**
     * The file name of segment {@code n} (or {@link #FINAL}) of the same export, wrapped like this one. The number
     * is padded by hand: {@code String.format}'s first call in a run costs more than the rest of this lookup
     * (docs/PERFORMANCE.md, "Small parts").
     */
    public String sibling(int n) {
        return base + (n == FINAL ? ".zip" : (n < 10 ? ".z0" : ".z") + n) + wrapper;
    }

    public String fileName() {
        return sibling(number);
    }

    /** The name without an encryption wrapper suffix ({@code .smime}, {@code .p7m}, {@code .pem}), if it has one. */
    public static String withoutWrapperSuffix(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {".smime", ".p7m", ".pem"}) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return fileName.substring(0, fileName.length() - suffix.length());
            }
        }
        return fileName + ".out";
    }
}
