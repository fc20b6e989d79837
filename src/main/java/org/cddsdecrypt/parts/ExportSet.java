package org.cddsdecrypt.parts;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cddsdecrypt.error.IncompleteExportException;
import org.cddsdecrypt.error.UsageException;

/**
 * The parts of one export found in a folder: same base name, same wrapper (all encrypted or all decrypted), in
 * segment order with the final {@code .zip} segment last. Other files (other exports, browser duplicates such as
 * {@code "… (1).smime"}, notes) are ignored.
 */
public final class ExportSet {
    /** Ranges of missing parts named in a message; the rest are counted. */
    private static final int MAX_RANGES_SHOWN = 20;
    /**
     * The highest segment number a part can have: zip numbers its segments (disks) in 16 bits, the final {@code .zip}
     * being the last of at most 65,536. A file numbered beyond is not part of any export; taking it for one made
     * the list of missing parts run to billions.
     */
    public static final int MAX_SEGMENT_NUMBER = 0xffff;
    /** A browser's second download of a file: {@code name (1).ext}, the number before the last extension. */
    private static final Pattern BROWSER_DUPLICATE = Pattern.compile("(.+) \\(\\d+\\)(\\.[^.]+)");

    private final Path directory;
    private final String base;
    private final String wrapper;
    private final List<Part> parts;
    /** Segment number → a browser duplicate of that part present in the folder ({@code x.z05 (1).smime}). */
    private final Map<Integer, String> duplicates;
    /** Files named like parts of this export but numbered beyond {@link #MAX_SEGMENT_NUMBER}. */
    private final List<String> ignored;

    ExportSet(Path directory, String base, String wrapper, List<Part> parts) {
        this(directory, base, wrapper, parts, List.of(), List.of());
    }

    private ExportSet(
            Path directory, String base, String wrapper, List<Part> parts, List<Part> duplicates, List<Part> strays) {
        this.directory = directory;
        this.base = base;
        this.wrapper = wrapper;
        List<Part> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(p -> p.name().number()));
        this.parts = List.copyOf(sorted);
        Map<Integer, String> byNumber = new TreeMap<>();
        for (Part d : duplicates) {
            byNumber.putIfAbsent(d.name().number(), d.path().getFileName().toString());
        }
        this.duplicates = byNumber;
        this.ignored = strays.stream().map(Part::fileName).sorted().toList();
    }

    /** The export that {@code anyPart} belongs to, with every sibling part found beside it. */
    public static ExportSet of(Path anyPart) throws UsageException {
        Path file = anyPart.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw new UsageException(anyPart + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(
                    anyPart + " is a directory: name one part of the export (any .zNN.smime or " + "the .zip.smime)");
        }
        PartName name = PartName.parse(file.getFileName().toString())
                .orElseThrow(() -> new UsageException(anyPart
                        + " is not named like an export part (export-<id>.zNN.smime or export-<id>.zip.smime)"));
        if (!withinSegmentRange(name)) {
            throw new UsageException(anyPart + " is not part of an export: its segment number is beyond the "
                    + MAX_SEGMENT_NUMBER + " segments a zip can have");
        }
        Path dir = file.getParent();
        Scan scan = scan(dir);
        return new ExportSet(
                dir,
                name.base(),
                name.wrapper(),
                sameExport(scan.parts(), name),
                sameExport(scan.duplicates(), name),
                sameExport(scan.strays(), name));
    }

    private static List<Part> sameExport(List<Part> parts, PartName name) {
        List<Part> found = new ArrayList<>();
        for (Part p : parts) {
            if (p.name().base().equals(name.base()) && p.name().wrapper().equalsIgnoreCase(name.wrapper())) {
                found.add(p);
            }
        }
        return found;
    }

    /** Every export in {@code dir}, grouped by base name and wrapper; for batch runs. */
    public static List<ExportSet> allIn(Path dir) throws UsageException {
        Scan scan = scan(dir);
        Map<String, List<Part>> groups = new TreeMap<>();
        for (Part p : scan.parts()) {
            groups.computeIfAbsent(p.name().base() + "\u0000" + p.name().wrapper(), k -> new ArrayList<>())
                    .add(p);
        }
        List<ExportSet> sets = new ArrayList<>();
        for (List<Part> group : groups.values()) {
            PartName first = group.get(0).name();
            sets.add(new ExportSet(
                    dir,
                    first.base(),
                    first.wrapper(),
                    group,
                    sameExport(scan.duplicates(), first),
                    sameExport(scan.strays(), first)));
        }
        return sets;
    }

    /**
     * The parts in a folder; the browser duplicates of parts ({@code x.z05 (1).smime}) under the name of the part
     * they copy (the duplicate is named when its original is missing); and files named like parts but numbered
     * beyond what a zip can have, which are no parts.
     */
    private record Scan(List<Part> parts, List<Part> duplicates, List<Part> strays) {}

    private static Scan scan(Path dir) throws UsageException {
        List<Part> parts = new ArrayList<>();
        List<Part> duplicates = new ArrayList<>();
        List<Part> strays = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String fileName = p.getFileName().toString();
                Matcher copy = BROWSER_DUPLICATE.matcher(fileName);
                boolean duplicate = copy.matches();
                String original = duplicate ? copy.group(1) + copy.group(2) : fileName;
                Optional<PartName> name = PartName.parse(original);
                // Not a part, or a non-canonical spelling such as .z001; the case of .Z01/.ZIP is no matter (the
                // name pointed at parses case-insensitively, so it must be found here too).
                if (name.isEmpty() || !name.get().fileName().equalsIgnoreCase(original)) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (!attrs.isRegularFile()) {
                    continue;
                }
                Part part = new Part(
                        p, name.get(), attrs.size(), attrs.lastModifiedTime().toMillis());
                if (!withinSegmentRange(name.get())) {
                    // Numbered beyond what a zip can have: no part (its duplicates are not even mentioned).
                    if (!duplicate) {
                        strays.add(part);
                    }
                } else {
                    (duplicate ? duplicates : parts).add(part);
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return new Scan(parts, duplicates, strays);
    }

    private static boolean withinSegmentRange(PartName name) {
        return name.isFinal() || name.number() <= MAX_SEGMENT_NUMBER;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Files in the folder named like parts of this export but numbered beyond {@link #MAX_SEGMENT_NUMBER}: not
     * parts (a stray or damaged download), ignored.
     */
    public List<String> ignored() {
        return ignored;
    }

    /** The export's name: the part name without segment extension and wrapper, e.g. {@code export-2b71…}. */
    public String name() {
        return base;
    }

    public boolean isEncrypted() {
        return !wrapper.isEmpty();
    }

    public List<Part> parts() {
        return parts;
    }

    public Optional<Part> finalPart() {
        return parts.isEmpty() || !parts.get(parts.size() - 1).name().isFinal()
                ? Optional.empty()
                : Optional.of(parts.get(parts.size() - 1));
    }

    /** True for a split set: any numbered segment, or more than one part. */
    public boolean isSplit() {
        return parts.stream().anyMatch(p -> !p.name().isFinal());
    }

    /**
     * The file names that must exist but do not, judged by names alone: every number from 1 to the highest
     * present, and the final segment. {@code expectedSegments} (from the zip's end-of-central-directory record,
     * when known, else 0) extends the range to numbers after the highest present. At most
     * {@link #MAX_SEGMENT_NUMBER} + 1 names.
     */
    public List<String> missing(int expectedSegments) {
        PartName template = new PartName(base, 1, wrapper);
        List<String> missing = new ArrayList<>();
        for (int n : missingNumbers(expectedSegments)) {
            missing.add(template.sibling(n));
        }
        return missing;
    }

    private List<Integer> missingNumbers(int expectedSegments) {
        Set<Integer> present = new HashSet<>();
        for (Part p : parts) {
            present.add(p.name().number());
        }
        int highest = parts.stream()
                .mapToInt(p -> p.name().number())
                .filter(n -> n != PartName.FINAL)
                .max()
                .orElse(0);
        int lastNumbered = Math.min(MAX_SEGMENT_NUMBER, Math.max(highest, expectedSegments - 1));
        List<Integer> missing = new ArrayList<>();
        for (int n = 1; n <= lastNumbered; n++) {
            if (!present.contains(n)) {
                missing.add(n);
            }
        }
        if (!present.contains(PartName.FINAL)) {
            missing.add(PartName.FINAL);
        }
        return missing;
    }

    /**
     * The missing parts for a message: runs of consecutive numbers as one range ({@code x.z03.smime to
     * x.z40.smime}), a part present only as a browser duplicate named with a hint to rename it, the first
     * {@value #MAX_RANGES_SHOWN} ranges shown and the rest counted. Empty when nothing is missing.
     */
    public String describeMissing(int expectedSegments) {
        PartName template = new PartName(base, 1, wrapper);
        List<String> ranges = new ArrayList<>();
        List<Integer> missing = missingNumbers(expectedSegments);
        for (int i = 0; i < missing.size(); ) {
            int first = missing.get(i);
            int j = i;
            while (j + 1 < missing.size()
                    && missing.get(j + 1) == missing.get(j) + 1
                    && !duplicates.containsKey(missing.get(j + 1))
                    && !duplicates.containsKey(first)) {
                j++;
            }
            int last = missing.get(j);
            String range = first == last
                    ? template.sibling(first)
                    : template.sibling(first) + " to " + template.sibling(last) + " (" + (last - first + 1) + " parts)";
            if (duplicates.containsKey(first)) {
                range += " (present only as the browser duplicate \"" + duplicates.get(first) + "\": rename it to "
                        + template.sibling(first) + ")";
            }
            ranges.add(range);
            i = j + 1;
        }
        int shown = Math.min(ranges.size(), MAX_RANGES_SHOWN);
        return String.join(", ", ranges.subList(0, shown))
                + (shown < ranges.size() ? " and " + (ranges.size() - shown) + " more ranges" : "");
    }

    /** Throws, naming every missing file, unless the set is complete. */
    public void requireComplete(int expectedSegments) throws IncompleteExportException {
        List<String> missing = missing(expectedSegments);
        if (!missing.isEmpty()) {
            throw new IncompleteExportException(
                    "export " + base + " is incomplete: " + missing.size()
                            + " part" + (missing.size() == 1 ? "" : "s") + " missing in " + directory + ": "
                            + describeMissing(expectedSegments) + " (download " + (missing.size() == 1 ? "it" : "them")
                            + " again from the CDDS Artifacts page)",
                    missing);
        }
        if (expectedSegments > 0 && expectedSegments != parts.size()) {
            throw new IncompleteExportException("export " + base + " has " + parts.size() + " parts but its zip "
                    + "directory says " + expectedSegments);
        }
    }
}
