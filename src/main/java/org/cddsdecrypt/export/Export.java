package org.cddsdecrypt.export;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.parts.Part;
import org.cddsdecrypt.parts.PartName;

/** An export named by its parts on a command line: every part beside the first one given. */
public final class Export {
    /** The copy number a browser adds to a second download of the same name: "x (1).smime", "x(2).smime". */
    private static final Pattern COPY_NUMBER = Pattern.compile(" ?\\(\\d+\\)");

    private final ExportSet set;

    private Export(ExportSet set) {
        this.set = set;
    }

    /**
     * The export that {@code given} belong to: the first one's, with every part beside it. The others must be parts
     * of the same export in the same folder (repeated names and browser duplicates are ignored); the export name
     * must be a plain name, since it becomes a folder name (see {@link PartName#requirePlainExportName}).
     */
    public static Export of(List<String> given) throws CddsException {
        List<String> parts = given.stream().filter(p -> !isBrowserDuplicate(p)).toList();
        if (parts.isEmpty()) {
            parts = given; // only duplicates: the first one is judged as any part is
        }
        ExportSet set = ExportSet.of(Path.of(parts.get(0)));
        PartName.requirePlainExportName(set.name());
        Set<Path> known = new HashSet<>();
        for (Part p : set.parts()) {
            known.add(p.path().toAbsolutePath().normalize());
        }
        for (String other : parts.subList(1, parts.size())) {
            if (!known.contains(Path.of(other).toAbsolutePath().normalize())) {
                ExportSet second = ExportSet.of(Path.of(other));
                boolean sameName = second.name().equals(set.name());
                throw new UsageException("parts of two exports given: " + describe(set, parts.get(0), sameName)
                        + " and " + describe(second, other, sameName) + "; name the parts of one export (or use "
                        + "'cdds-decrypt batch' for every export of a folder)");
            }
        }
        return new Export(set);
    }

    private static String describe(ExportSet set, String part, boolean sameName) {
        return set.name() + (sameName ? " (" + part + ")" : "");
    }

    /**
     * A browser's second download of a part beside the first, e.g. {@code export-2b71….z05 (1).smime} or
     * {@code export-2b71 (1).zip.smime} beside {@code export-2b71….z05.smime}: a shell pattern picks them up with
     * the parts, and the export is the same.
     */
    public static boolean isBrowserDuplicate(String part) {
        Path path = Path.of(part);
        if (path.getFileName() == null) {
            return false;
        }
        Matcher copy = COPY_NUMBER.matcher(path.getFileName().toString());
        if (!copy.find()) {
            return false;
        }
        String original = copy.replaceFirst("");
        return PartName.parse(original).isPresent() && Files.isRegularFile(path.resolveSibling(original));
    }

    /** An existing file named like an export part or its browser duplicate: no entry pattern looks like that. */
    public static boolean isPartFile(String argument) {
        try {
            Path path = Path.of(argument);
            return Files.isRegularFile(path)
                    && path.getFileName() != null
                    && (PartName.parse(path.getFileName().toString()).isPresent() || isBrowserDuplicate(argument));
        } catch (InvalidPathException notAPath) {
            return false;
        }
    }

    /** The export's name: its part names without segment extension and wrapper, e.g. {@code export-2b71…}. */
    public String name() {
        return set.name();
    }

    public int partCount() {
        return set.parts().size();
    }

    /** The bytes of part files that reading it whole reads, for a progress display: see ExportReader#bytesToRead. */
    public long bytesToRead() {
        return ExportReader.bytesToRead(set);
    }

    ExportSet set() {
        return set;
    }
}
