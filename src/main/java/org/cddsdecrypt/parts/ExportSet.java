package org.cddsdecrypt.parts;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cddsdecrypt.IncompleteExportException;
import org.cddsdecrypt.UsageException;

/**
 * The parts of one export found in a folder: same base name, same wrapper (all encrypted or all decrypted), in
 * segment order with the final {@code .zip} segment last. Other files (other exports, browser duplicates such as
 * {@code "… (1).smime"}, notes) are ignored.
 */
public final class ExportSet {
    /** Missing parts named in a message; the rest are counted. */
    private static final int MAX_NAMES_SHOWN = 20;

    private final Path directory;
    private final String base;
    private final String wrapper;
    private final List<Part> parts;

    ExportSet(Path directory, String base, String wrapper, List<Part> parts) {
        this.directory = directory;
        this.base = base;
        this.wrapper = wrapper;
        List<Part> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(p -> p.name().number()));
        this.parts = List.copyOf(sorted);
    }

    /** The export that {@code anyPart} belongs to, with every sibling part found beside it. */
    public static ExportSet of(Path anyPart) throws UsageException {
        Path file = anyPart.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw new UsageException(anyPart + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(anyPart + " is a directory: name one part of the export (any .zNN.smime or "
                    + "the .zip.smime)");
        }
        PartName name = PartName.parse(file.getFileName().toString()).orElseThrow(() -> new UsageException(
                anyPart + " is not named like an export part (export-<id>.zNN.smime or export-<id>.zip.smime)"));
        Path dir = file.getParent();
        List<Part> found = new ArrayList<>();
        for (Part p : scan(dir)) {
            if (p.name().base().equals(name.base()) && p.name().wrapper().equalsIgnoreCase(name.wrapper())) {
                found.add(p);
            }
        }
        return new ExportSet(dir, name.base(), name.wrapper(), found);
    }

    /** Every export in {@code dir}, grouped by base name and wrapper; for batch runs. */
    public static List<ExportSet> allIn(Path dir) throws IOException {
        Map<String, List<Part>> groups = new TreeMap<>();
        for (Part p : scan(dir)) {
            groups.computeIfAbsent(p.name().base() + "\u0000" + p.name().wrapper(), k -> new ArrayList<>()).add(p);
        }
        List<ExportSet> sets = new ArrayList<>();
        for (List<Part> group : groups.values()) {
            PartName first = group.get(0).name();
            sets.add(new ExportSet(dir, first.base(), first.wrapper(), group));
        }
        return sets;
    }

    private static List<Part> scan(Path dir) throws UsageException {
        List<Part> parts = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Optional<PartName> name = PartName.parse(p.getFileName().toString());
                // Not a part, or a non-canonical spelling such as .z001; the case of .Z01/.ZIP is no matter (the
                // name pointed at parses case-insensitively, so it must be found here too).
                if (name.isEmpty() || !name.get().fileName().equalsIgnoreCase(p.getFileName().toString())) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (attrs.isRegularFile()) {
                    parts.add(new Part(p, name.get(), attrs.size(), attrs.lastModifiedTime().toMillis()));
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return parts;
    }

    public Path directory() {
        return directory;
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
                ? Optional.empty() : Optional.of(parts.get(parts.size() - 1));
    }

    /** True for a split set: any numbered segment, or more than one part. */
    public boolean isSplit() {
        return parts.stream().anyMatch(p -> !p.name().isFinal());
    }

    /**
     * The file names that must exist but do not, judged by names alone: every number from 1 to the highest
     * present, and the final segment. {@code expectedSegments} (from the zip's end-of-central-directory record,
     * when known, else 0) extends the range to numbers after the highest present.
     */
    public List<String> missing(int expectedSegments) {
        Map<Integer, Part> byNumber = new LinkedHashMap<>();
        for (Part p : parts) {
            byNumber.put(p.name().number(), p);
        }
        int highest = parts.stream().mapToInt(p -> p.name().number()).filter(n -> n != PartName.FINAL)
                .max().orElse(0);
        int lastNumbered = Math.max(highest, expectedSegments - 1);
        PartName template = new PartName(base, 1, wrapper);
        List<String> missing = new ArrayList<>();
        for (int n = 1; n <= lastNumbered; n++) {
            if (!byNumber.containsKey(n)) {
                missing.add(template.sibling(n));
            }
        }
        if (!byNumber.containsKey(PartName.FINAL)) {
            missing.add(template.sibling(PartName.FINAL));
        }
        return missing;
    }

    /** Throws, naming every missing file, unless the set is complete. */
    public void requireComplete(int expectedSegments) throws IncompleteExportException {
        List<String> missing = missing(expectedSegments);
        if (!missing.isEmpty()) {
            int shown = Math.min(missing.size(), MAX_NAMES_SHOWN);
            String names = String.join(", ", missing.subList(0, shown))
                    + (shown < missing.size() ? " and " + (missing.size() - shown) + " more" : "");
            throw new IncompleteExportException("export " + base + " is incomplete: " + missing.size()
                    + " part" + (missing.size() == 1 ? "" : "s") + " missing in " + directory + ": "
                    + names + " (download " + (missing.size() == 1 ? "it" : "them")
                    + " again from the CDDS Artifacts page)", missing);
        }
        if (expectedSegments > 0 && expectedSegments != parts.size()) {
            throw new IncompleteExportException("export " + base + " has " + parts.size() + " parts but its zip "
                    + "directory says " + expectedSegments);
        }
    }

    static boolean isRegular(Path p) {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
    }
}
