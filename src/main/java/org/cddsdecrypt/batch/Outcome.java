package org.cddsdecrypt.batch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cddsdecrypt.error.ExitCode;

/**
 * What a batch run did with one export.
 *
 * @param status done, skipped, waiting, stalled, failed, or failed earlier
 * @param export the export's name ({@code export-<job-uuid>})
 * @param inbox the folder its parts are in
 * @param parts how many parts were found
 * @param destination its tree ({@code OUT/<export-name>}); null when it is waiting or failed without one
 * @param missing waiting, stalled: the file names of the parts not there yet
 * @param recent waiting: the parts modified less than {@code --min-age} ago
 * @param reason skipped, waiting, failed: why, in words
 * @param exitCode failed, failed earlier: the exit code that {@code extract} would have returned for it
 * @param entries done: zip entries extracted
 * @param bytes done: bytes extracted
 * @param partsMovedTo where its parts were moved, if they were
 * @param partsDeleted whether its parts were deleted
 * @param cause failed: the exception behind it, for {@code --verbose} (not part of the report)
 */
public record Outcome(
        Status status,
        String export,
        Path inbox,
        int parts,
        Path destination,
        List<String> missing,
        List<String> recent,
        String reason,
        ExitCode exitCode,
        long entries,
        long bytes,
        Path partsMovedTo,
        boolean partsDeleted,
        Throwable cause) {

    /**
     * The results an export can have; only {@link #STALLED} and {@link #FAILED} make the run exit 8. An export that
     * failed in an earlier run and whose parts have not changed since is {@link #FAILED_EARLIER}: not tried again,
     * not counted as a failure; one whose stall was reported is {@link #WAITING} again.
     */
    public enum Status {
        DONE,
        SKIPPED,
        WAITING,
        STALLED,
        FAILED,
        FAILED_EARLIER;

        /** {@code done}, …, {@code failed earlier}: the word of the report lines and of JSON's {@code status}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    public Outcome {
        missing = List.copyOf(missing);
        recent = List.copyOf(recent);
    }

    static Outcome done(String export, Path inbox, int parts, Path destination, long entries, long bytes) {
        return new Outcome(
                Status.DONE,
                export,
                inbox,
                parts,
                destination,
                List.of(),
                List.of(),
                null,
                null,
                entries,
                bytes,
                null,
                false,
                null);
    }

    static Outcome skipped(String export, Path inbox, int parts, Path destination, String reason) {
        return notDone(Status.SKIPPED, export, inbox, parts, destination, reason, null, null, List.of(), List.of());
    }

    static Outcome waitingFor(String export, Path inbox, int parts, List<String> missing) {
        String reason = "missing: " + String.join(", ", missing);
        return notDone(Status.WAITING, export, inbox, parts, null, reason, null, null, missing, List.of());
    }

    static Outcome tooRecent(String export, Path inbox, int parts, List<String> recent, String minAge) {
        String reason = "modified less than " + minAge + " ago: " + String.join(", ", recent);
        return notDone(Status.WAITING, export, inbox, parts, null, reason, null, null, List.of(), recent);
    }

    /** A waiting export (parts missing) whose newest part arrived {@code age} ago, longer than --max-wait. */
    static Outcome stalled(Outcome waiting, String age) {
        String reason = waiting.reason + "; newest part " + age + " ago";
        return notDone(
                Status.STALLED,
                waiting.export,
                waiting.inbox,
                waiting.parts,
                null,
                reason,
                null,
                null,
                waiting.missing,
                List.of());
    }

    /** Failed in an earlier run with these same parts: reported then, not tried again now. */
    static Outcome failedEarlier(String export, Path inbox, int parts, String reason, ExitCode code) {
        return notDone(
                Status.FAILED_EARLIER, export, inbox, parts, null, oneLine(reason), code, null, List.of(), List.of());
    }

    static Outcome failed(String export, Path inbox, int parts, Path destination, String reason, ExitCode code) {
        return failed(export, inbox, parts, destination, reason, code, null);
    }

    static Outcome failed(
            String export, Path inbox, int parts, Path destination, String reason, ExitCode code, Throwable cause) {
        return notDone(
                Status.FAILED, export, inbox, parts, destination, oneLine(reason), code, cause, List.of(), List.of());
    }

    /**
     * An outcome that extracted nothing, and so neither moved nor deleted its parts: who, why, and (waiting, stalled)
     * which parts.
     */
    private static Outcome notDone(
            Status status,
            String export,
            Path inbox,
            int parts,
            Path destination,
            String reason,
            ExitCode exitCode,
            Throwable cause,
            List<String> missing,
            List<String> recent) {
        return new Outcome(
                status, export, inbox, parts, destination, missing, recent, reason, exitCode, 0, 0, null, false, cause);
    }

    /** This export with {@code note} added to its reason. */
    Outcome noting(String note) {
        return after(reason + "; " + note, partsMovedTo, partsDeleted);
    }

    Outcome withPartsMovedTo(Path folder) {
        return after(reason, folder, false);
    }

    Outcome withPartsDeleted() {
        return after(reason, null, true);
    }

    /** This export with another reason, or after what was done with its parts. */
    private Outcome after(String reason, Path partsMovedTo, boolean partsDeleted) {
        return new Outcome(
                status,
                export,
                inbox,
                parts,
                destination,
                missing,
                recent,
                reason,
                exitCode,
                entries,
                bytes,
                partsMovedTo,
                partsDeleted,
                cause);
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    /**
     * The report line: {@code done NAME -> DIR}, {@code skipped NAME (REASON)}, {@code waiting NAME (missing: A, B)}
     * or {@code waiting NAME (modified less than AGE ago: A)}, {@code stalled NAME (missing: A; newest part AGE ago)},
     * {@code failed NAME: REASON (exit N)}, {@code failed earlier NAME: REASON (exit N)}.
     */
    public String line() {
        return switch (status) {
            case DONE -> "done " + export + " -> " + destination;
            case SKIPPED, WAITING, STALLED -> status.word() + " " + export + " (" + reason + ")";
            case FAILED, FAILED_EARLIER ->
                status.word() + " " + export + ": " + reason + " (exit " + exitCode.code() + ")";
        };
    }

    /**
     * The JSON object of {@code --json}: always {@code type} ("export"), {@code status}, {@code export},
     * {@code inbox}, {@code parts}; then {@code destination} (done, skipped), {@code entries} and {@code bytes}
     * (done), {@code missing} and {@code recent} (waiting, stalled: arrays of file names), {@code reason} (all but
     * done), {@code exitCode} (failed, failed earlier), {@code partsMovedTo} or {@code partsDeleted} when that was
     * done.
     */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "export");
        m.put("status", status.word());
        m.put("export", export);
        m.put("inbox", inbox == null ? null : inbox.toString());
        m.put("parts", parts);
        if (destination != null) {
            m.put("destination", destination.toString());
        }
        if (status == Status.DONE) {
            m.put("entries", entries);
            m.put("bytes", bytes);
        }
        if (status == Status.WAITING || status == Status.STALLED) {
            m.put("missing", missing);
            m.put("recent", recent);
        }
        if (reason != null) {
            m.put("reason", reason);
        }
        if (exitCode != null) {
            m.put("exitCode", exitCode.code());
        }
        if (partsMovedTo != null) {
            m.put("partsMovedTo", partsMovedTo.toString());
        }
        if (partsDeleted) {
            m.put("partsDeleted", true);
        }
        return m;
    }
}
