package org.cddsdecrypt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.export.DecryptingPartOpener;
import org.cddsdecrypt.export.ExportReader;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.parts.Part;
import org.cddsdecrypt.parts.PartName;
import org.cddsdecrypt.zip.Limits;

/** Wiring shared by the commands that read a whole export. */
final class ExportCommands {
    /** The copy number a browser adds to a second download of the same name: "x (1).smime", "x(2).smime". */
    private static final Pattern COPY_NUMBER = Pattern.compile(" ?\\(\\d+\\)");

    /** What the PART parameter of the export commands says: repeatable, for a shell pattern's expansion. */
    static final String MORE_PARTS = "more parts of the same export may follow, as a shell pattern such as "
            + "export-2b71*.smime gives them (browser duplicates such as '… (1).smime' among them are ignored); parts "
            + "of another export may not.";

    static final String PARTS = "Any one part of the export; " + MORE_PARTS;

    private ExportCommands() {
    }

    /**
     * The export that {@code given} belong to: the first one's, with every part beside it. The others must be parts
     * of the same export in the same folder (repeated names and browser duplicates are ignored); the export name
     * must be a plain name, since it becomes a folder name (see {@link PartName#requirePlainExportName}).
     */
    static ExportSet exportOf(List<String> given) throws CddsException {
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
        return set;
    }

    /**
     * A browser's second download of a part beside the first, e.g. {@code export-2b71….z05 (1).smime} or
     * {@code export-2b71 (1).zip.smime} beside {@code export-2b71….z05.smime}: a shell pattern picks them up with
     * the parts, and the export is the same.
     */
    static boolean isBrowserDuplicate(String part) {
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

    private static String describe(ExportSet set, String part, boolean sameName) {
        return set.name() + (sameName ? " (" + part + ")" : "");
    }

    /** A reader whose keys are loaded only when an encrypted part is met. */
    static ExportReader reader(Environment env, KeyOptions keyOptions, Verbosity verbosity, Limits limits) {
        return reader(env, keyOptions, verbosity, limits, Progress.off());
    }

    /**
     * A reader that reports the bytes it reads from the part files to {@code progress} (whose total should be
     * {@link ExportReader#bytesToRead}); key loading, with its warnings and any passphrase prompt, happens on a
     * clean line.
     */
    static ExportReader reader(Environment env, KeyOptions keyOptions, Verbosity verbosity, Limits limits,
            Progress progress) {
        return new ExportReader(new DecryptingPartOpener(() -> progress.pausedFor(
                () -> keyOptions.loadWarningOfExpiry(env::get, progress.around(env.warnings(verbosity)))), progress),
                limits);
    }
}
