package org.cddsdecrypt.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.IncompleteExportException;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.export.ExportReader;
import org.cddsdecrypt.io.FileErrors;
import org.cddsdecrypt.output.FileSync;
import org.cddsdecrypt.output.Owners;
import org.cddsdecrypt.output.Permissions;
import org.cddsdecrypt.output.TreeMarker;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.parts.Part;
import org.cddsdecrypt.parts.PartName;
import org.cddsdecrypt.zip.ZipStreamExtractor;

/**
 * One batch run: scans the inboxes, groups their files into exports, and for each export (in name order) reports
 * one {@link Outcome}:
 * <ul>
 *   <li><b>waiting</b> when parts are missing (by name, or by the count the zip's own directory gives) or were
 *       modified less than {@link BatchOptions#minAge()} ago; nothing is written;</li>
 *   <li><b>stalled</b> when parts are still missing {@link BatchOptions#maxWait()} after the newest one arrived:
 *       reported once for these parts, then waiting again;</li>
 *   <li><b>skipped</b> when the journal records this very download of it as done (its tree is left untouched), or
 *       another run is extracting it right now;</li>
 *   <li><b>done</b> after it was extracted into {@code OUT/<export-name>/} through a staging folder (replacing
 *       the tree of an earlier download of it only then), recorded in the journal, and its parts moved or deleted
 *       if asked;</li>
 *   <li><b>failed</b> with the reason and exit code {@code extract} would give; nothing is left behind, an
 *       earlier tree is kept;</li>
 *   <li><b>failed earlier</b> when it failed in an earlier run and its parts have not changed since: it is not
 *       tried again (unless {@link BatchOptions#retryFailed()}) and not counted as a failure.</li>
 * </ul>
 * Failures and stalls are recorded in {@link Reported} so that cron alerts once per download.
 *
 * <p>Concurrent runs over the same {@code OUT} (cron starting one while the last still runs, in other processes or
 * threads) coordinate through {@code OUT/.cdds-decrypt/}: the run lock {@code lock} is held only briefly, to read
 * and write the journal and to claim an export; the claim is a lock on {@code locks/<export-name>.lock}, held while
 * the export is extracted. A run never waits for another's claim: it reports that export as skipped and moves on,
 * so each export is extracted by exactly one run and a long extraction does not hold up new exports.
 */
public final class Batch {
    /** The folder under OUT that holds the journal and the locks. */
    public static final String STATE_FOLDER = ".cdds-decrypt";

    static final String JOURNAL_FILE = "state";
    static final String REPORTED_FILE = "reported";
    static final String RUN_LOCK_FILE = "lock";
    static final String EXPORT_LOCKS_FOLDER = "locks";
    /** The run lock is held for milliseconds at a time; waiting longer than this means a run is stuck. */
    private static final Duration RUN_LOCK_PATIENCE = Duration.ofMinutes(2);
    /** {@code export-… (1)}: what browsers call a second download of the same file. */
    private static final Pattern BROWSER_DUPLICATE = Pattern.compile("(.+?) ?\\(\\d+\\)");

    private final ExportReader reader;
    private final BatchOptions options;
    private final Clock clock;
    private final Path out;
    private final Path stateFolder;
    private final Journal journal;
    private final Reported reported;

    public Batch(ExportReader reader, BatchOptions options) {
        this(reader, options, Clock.systemUTC());
    }

    Batch(ExportReader reader, BatchOptions options, Clock clock) {
        this.reader = reader;
        this.options = options;
        this.clock = clock;
        this.out = options.out().toAbsolutePath().normalize();
        this.stateFolder = out.resolve(STATE_FOLDER);
        this.journal = new Journal(stateFolder.resolve(JOURNAL_FILE));
        this.reported = new Reported(stateFolder.resolve(REPORTED_FILE));
    }

    /**
     * Runs the batch, handing each export's outcome to {@code report} as soon as it is known.
     *
     * @return the counts; its {@link Summary#exitCode()} is the run's exit code
     * @throws UsageException when an inbox is not a folder, or the options contradict each other (nothing is done)
     * @throws OutputException when OUT or its state folder cannot be created or locked, or the journal is unreadable
     */
    public Summary run(Consumer<Outcome> report) throws CddsException {
        List<Path> inboxes = checkInboxes();
        prepareOut();
        // Read without the run lock (the file is only ever replaced whole): to recognise browser duplicates.
        Map<String, List<ExportSet>> exports = scan(inboxes, journal.read().keySet());
        List<Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, List<ExportSet>> e : exports.entrySet()) {
            // Read for each export (without the run lock: the file is only ever replaced whole), so that what a
            // concurrent run reported meanwhile counts too.
            Outcome outcome =
                    processOnce(e.getKey(), e.getValue(), reported.read().get(e.getKey()));
            outcomes.add(outcome);
            report.accept(outcome);
        }
        return Summary.of(outcomes);
    }

    private List<Path> checkInboxes() throws UsageException {
        if (options.inboxes().isEmpty()) {
            throw new UsageException("no INBOX given: name the folder(s) where the export parts are downloaded");
        }
        List<Path> inboxes = new ArrayList<>();
        for (Path inbox : options.inboxes()) {
            if (!Files.isDirectory(inbox)) {
                throw new UsageException(inbox + (Files.exists(inbox) ? " is not a folder" : ": no such folder")
                        + ": INBOX must be a folder where export parts are downloaded");
            }
            Path absolute = inbox.toAbsolutePath().normalize();
            if (!inboxes.contains(absolute)) {
                inboxes.add(absolute);
            }
        }
        Path moveTo = options.afterSuccess().moveTo();
        if (moveTo != null && inboxes.contains(moveTo.toAbsolutePath().normalize())) {
            throw new UsageException("--move-done " + moveTo + " is an INBOX: parts moved there would be found again");
        }
        return inboxes;
    }

    private void prepareOut() throws OutputException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new OutputException(options.out() + " exists and is not a folder: --out must name a folder");
        }
        Path locks = stateFolder.resolve(EXPORT_LOCKS_FOLDER);
        try {
            FileSync.createDirectories(out, FileSync.SYSTEM);
            createPrivateFolder(stateFolder);
            createPrivateFolder(locks);
        } catch (IOException e) {
            throw OutputException.of("cannot create " + locks, e);
        }
        // Someone who can write OUT could have made these, to fake "already done" or steer the locks.
        Owners.requirePrivate(journal.file(), false);
        Owners.requirePrivate(stateFolder.resolve(RUN_LOCK_FILE), false);
    }

    /**
     * Creates {@code folder} (owner only, whatever --umask says: it is the tool's state) if missing, never through
     * a link, and checks it is the user's own.
     */
    private static void createPrivateFolder(Path folder) throws IOException {
        Owners.requirePrivate(folder, true);
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Permissions.OWNER_ONLY.createDirectory(folder);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made by a concurrent run: checked below
            }
        }
        Owners.requirePrivate(folder, true);
    }

    /**
     * Every export of every inbox, by name; a name found in several places maps to several sets. Browser
     * duplicates ({@code export-x (1)}) of an export in the same inbox or in the journal are left out.
     */
    private Map<String, List<ExportSet>> scan(List<Path> inboxes, Set<String> done) throws UsageException {
        Map<String, List<ExportSet>> byName = new TreeMap<>();
        for (Path inbox : inboxes) {
            List<ExportSet> sets = ExportSet.allIn(inbox);
            Set<String> names = new HashSet<>(done);
            sets.forEach(s -> names.add(s.name()));
            for (ExportSet set : sets) {
                if (!isBrowserDuplicate(set.name(), names)) {
                    byName.computeIfAbsent(set.name(), k -> new ArrayList<>()).add(set);
                }
            }
        }
        return byName;
    }

    /** {@code export-x (1)} when {@code export-x} is known: the same download saved twice by a browser. */
    static boolean isBrowserDuplicate(String name, Set<String> knownNames) {
        Matcher m = BROWSER_DUPLICATE.matcher(name);
        return m.matches() && knownNames.contains(m.group(1));
    }

    /**
     * {@link #process}, alerting once per download. An export whose failure was reported for these same parts is
     * "failed earlier": one that failed for its content (corrupt, unsafe, found twice) is not tried again; one that
     * failed for a cause outside the parts (no key, disk full, a folder in the way) is tried again, since fixing
     * that cause is all it takes, but the same failure again is not repeated. A stall already reported is waiting
     * again. New failures and stalls are recorded; an export done is forgotten. Failures after its tree is in
     * place (moving its parts) are left to the journal's retry and not recorded.
     */
    private Outcome processOnce(String name, List<ExportSet> sets, Reported.Entry earlier) {
        String fingerprint = Fingerprint.of(sets);
        boolean sameParts = earlier != null && earlier.fingerprint().equals(fingerprint) && !options.retryFailed();
        Reported.Entry earlierFailure = sameParts && earlier.status() == Outcome.Status.FAILED ? earlier : null;
        if (earlierFailure != null && isContentFailure(earlierFailure.exitCode())) {
            return Outcome.failedEarlier(
                    name,
                    sets.get(0).directory(),
                    sets.get(0).parts().size(),
                    earlierFailure.reason(),
                    exitCode(earlierFailure.exitCode()));
        }
        Outcome outcome = process(name, sets);
        if (outcome.status() == Outcome.Status.WAITING && !outcome.missing().isEmpty()) {
            outcome = stallCheck(outcome, sets.get(0), sameParts ? earlier : null);
        }
        boolean alert = outcome.status() == Outcome.Status.STALLED
                || outcome.status() == Outcome.Status.FAILED && outcome.destination() == null;
        if (alert && earlierFailure != null && outcome.exitCode().code() == earlierFailure.exitCode()) {
            return Outcome.failedEarlier(name, outcome.inbox(), outcome.parts(), outcome.reason(), outcome.exitCode());
        }
        if (alert || isDone(outcome) && earlier != null) {
            try (Locks.Held runLock = runLock()) {
                if (alert) {
                    reported.record(new Reported.Entry(
                            outcome.status(),
                            name,
                            fingerprint,
                            clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            outcome.exitCode() == null ? 0 : outcome.exitCode().code(),
                            outcome.reason()));
                } else {
                    reported.forget(name);
                }
            } catch (OutputException e) {
                // Not recorded: the next run alerts again, which is the safe side.
            }
        }
        return outcome;
    }

    /** Failures that come from the parts themselves, so that trying the same parts again would only repeat them. */
    private static boolean isContentFailure(int exitCode) {
        return exitCode == ExitCode.USAGE.code()
                || exitCode == ExitCode.INCOMPLETE.code()
                || exitCode == ExitCode.BAD_INPUT.code()
                || exitCode == ExitCode.UNSAFE.code();
    }

    private static ExitCode exitCode(int code) {
        for (ExitCode c : ExitCode.values()) {
            if (c.code() == code) {
                return c;
            }
        }
        return ExitCode.INTERNAL;
    }

    private static boolean isDone(Outcome outcome) {
        return outcome.status() == Outcome.Status.DONE
                || outcome.status() == Outcome.Status.SKIPPED && outcome.destination() != null;
    }

    /** A waiting export with parts missing turns stalled once its newest part is older than --max-wait. */
    private Outcome stallCheck(Outcome waiting, ExportSet set, Reported.Entry reportedStall) {
        if (options.maxWait() == null) {
            return waiting;
        }
        long newest = set.parts().stream().mapToLong(Part::modified).max().orElse(clock.millis());
        Duration age = Duration.ofMillis(Math.max(0, clock.millis() - newest));
        if (age.compareTo(options.maxWait()) < 0) {
            return waiting;
        }
        if (reportedStall != null && reportedStall.status() == Outcome.Status.STALLED) {
            return waiting.noting("stalled, reported " + reportedStall.time());
        }
        return Outcome.stalled(waiting, Durations.format(Duration.ofMinutes(age.toMinutes())));
    }

    private Outcome process(String name, List<ExportSet> sets) {
        ExportSet set = sets.get(0);
        int parts = set.parts().size();
        if (sets.size() > 1) {
            List<String> places = new ArrayList<>();
            for (ExportSet s : sets) {
                places.add(s.directory() + (s.isEncrypted() ? " (encrypted)" : " (decrypted)"));
            }
            return Outcome.failed(
                    name,
                    set.directory(),
                    parts,
                    null,
                    "found in more than one place: " + String.join(", ", places) + "; keep one copy",
                    ExitCode.USAGE);
        }
        if (!isUsableFolderName(name)) {
            return Outcome.failed(
                    name,
                    set.directory(),
                    parts,
                    null,
                    "the export name cannot be a folder name under " + out + ": rename its parts",
                    ExitCode.BAD_INPUT);
        }
        List<String> missing = set.missing(0);
        if (!missing.isEmpty()) {
            return Outcome.waitingFor(name, set.directory(), parts, missing);
        }
        List<String> recent = recentParts(set);
        if (!recent.isEmpty()) {
            return Outcome.tooRecent(name, set.directory(), parts, recent, Durations.format(options.minAge()));
        }
        try {
            return claimAndExtract(name, set);
        } catch (CddsException e) {
            return Outcome.failed(name, set.directory(), parts, null, e.getMessage(), e.exitCode(), e);
        }
    }

    /** Export names become folder names under OUT: plain names, and no hidden ones (the state and staging folders). */
    static boolean isUsableFolderName(String name) {
        return PartName.isPlainExportName(name) && !name.startsWith(".");
    }

    private List<String> recentParts(ExportSet set) {
        long newest = clock.millis() - options.minAge().toMillis();
        List<String> recent = new ArrayList<>();
        if (options.minAge().isZero()) {
            return recent;
        }
        for (Part p : set.parts()) {
            if (p.modified() > newest) {
                recent.add(p.fileName());
            }
        }
        return recent;
    }

    private Outcome claimAndExtract(String name, ExportSet set) throws CddsException {
        String fingerprint = Fingerprint.of(set);
        Path destination = out.resolve(name);
        Journal.Entry previous;
        Locks.Held claim;
        try (Locks.Held runLock = runLock()) {
            previous = journal.read().get(name);
            claim = Locks.tryLock(stateFolder.resolve(EXPORT_LOCKS_FOLDER).resolve(name + ".lock"));
        }
        boolean alreadyDone = previous != null && previous.fingerprint().equals(fingerprint);
        if (claim == null) {
            return Outcome.skipped(
                    name,
                    set.directory(),
                    set.parts().size(),
                    alreadyDone ? destination : null,
                    alreadyDone ? "already done" : "being extracted by another run");
        }
        try {
            if (alreadyDone) {
                Outcome skipped =
                        Outcome.skipped(name, set.directory(), set.parts().size(), destination, "already done");
                // Parts kept by an earlier run (the action failed, or was not asked for then) go now, but only if
                // the tree is really there and ours: a journal line alone could have been planted.
                return name.equals(TreeMarker.exportOf(destination).orElse(null))
                        ? afterSuccess(skipped, set)
                        : skipped;
            }
            return extract(name, set, fingerprint, destination, previous != null);
        } finally {
            release(claim);
        }
    }

    private Outcome extract(String name, ExportSet set, String fingerprint, Path destination, boolean ours)
            throws CddsException {
        Path inbox = set.directory();
        int parts = set.parts().size();
        if (isNonEmptyFolderOrFile(destination)) {
            if (!TreeMarker.isOurs(destination)) {
                return Outcome.failed(
                        name,
                        inbox,
                        parts,
                        null,
                        destination + " already exists and was not written "
                                + "by cdds-decrypt, so it is never replaced: move it away",
                        ExitCode.OUTPUT);
            }
            if (!ours && !options.force()) {
                return Outcome.failed(
                        name,
                        inbox,
                        parts,
                        null,
                        destination + " already exists and no batch run "
                                + "recorded it: pass --force to replace it, or move it away",
                        ExitCode.OUTPUT);
            }
        }
        ZipStreamExtractor.Result result;
        try {
            result = reader.extractTree(set, destination, true, options.permissions());
        } catch (IncompleteExportException e) {
            if (e.missing().isEmpty()) {
                throw e;
            }
            return Outcome.waitingFor(name, inbox, parts, e.missing());
        } catch (CddsException e) {
            throw e;
        } catch (IOException e) {
            return Outcome.failed(
                    name, inbox, parts, null, "cannot read the export: " + e.getMessage(), ExitCode.BAD_INPUT, e);
        } catch (InvalidPathException e) {
            return Outcome.failed(name, inbox, parts, null, FileErrors.notAFileName(e), ExitCode.OUTPUT, e);
        } catch (RuntimeException e) {
            return Outcome.failed(name, inbox, parts, null, "internal error: " + e, ExitCode.INTERNAL, e);
        }
        try (Locks.Held runLock = runLock()) {
            Map<String, Journal.Entry> entries = journal.read();
            entries.put(name, new Journal.Entry(name, fingerprint, parts, clock.instant()));
            journal.write(entries);
        } catch (CddsException e) {
            return Outcome.failed(
                    name,
                    inbox,
                    parts,
                    destination,
                    "extracted to " + destination + " but could not record it: " + e.getMessage(),
                    e.exitCode(),
                    e);
        }
        return afterSuccess(Outcome.done(name, inbox, parts, destination, result.entries(), result.bytes()), set);
    }

    private static boolean isNonEmptyFolderOrFile(Path p) throws OutputException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            throw OutputException.of("cannot read " + p, e);
        }
    }

    /** Moves or deletes the parts of an export whose tree is in place; a failure turns the outcome into one. */
    private Outcome afterSuccess(Outcome outcome, ExportSet set) {
        AfterSuccess action = options.afterSuccess();
        if (action.keepsParts()) {
            return outcome;
        }
        String doing = "";
        try {
            if (action.delete()) {
                for (Part p : set.parts()) {
                    doing = "delete " + p.path();
                    DoneParts.delete(p.path(), FileSync.SYSTEM);
                }
                return outcome.withPartsDeleted();
            }
            Path folder = action.moveTo().toAbsolutePath().normalize();
            doing = "create " + folder;
            if (!Files.isDirectory(folder)) {
                if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                    throw new java.nio.file.FileSystemException(folder.toString(), null, "not a folder");
                }
                FileSync.createDirectories(folder, FileSync.SYSTEM);
            }
            for (Part p : set.parts()) {
                doing = "move " + p.path() + " to " + folder;
                DoneParts.move(p.path(), folder.resolve(p.fileName()), FileSync.SYSTEM);
            }
            return outcome.withPartsMovedTo(folder);
        } catch (IOException e) {
            return Outcome.failed(
                    outcome.export(),
                    outcome.inbox(),
                    outcome.parts(),
                    outcome.destination(),
                    "its tree is in " + outcome.destination() + ", but "
                            + OutputException.of("cannot " + doing, e).getMessage() + " (tried again on the next run)",
                    ExitCode.OUTPUT,
                    e);
        }
    }

    private Locks.Held runLock() throws OutputException {
        return Locks.lock(stateFolder.resolve(RUN_LOCK_FILE), RUN_LOCK_PATIENCE);
    }

    /** Export claims are taken under the run lock, so they are deleted under it too (see {@link Locks.Held}). */
    private void release(Locks.Held claim) {
        try (Locks.Held runLock = runLock()) {
            claim.deleteAndRelease();
        } catch (OutputException e) {
            claim.close(); // the lock file stays; the next claim reuses it
        }
    }
}
