package org.cddsdecrypt.batch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cddsdecrypt.ExitCode;

/**
 * What a batch run did with one export.
 *
 * @param status done, skipped, waiting or failed
 * @param export the export's name ({@code export-<job-uuid>})
 * @param inbox the folder its parts are in
 * @param parts how many parts were found
 * @param destination its tree ({@code OUT/<export-name>}); null when it is waiting or failed without one
 * @param missing waiting: the file names of the parts not there yet
 * @param recent waiting: the parts modified less than {@code --min-age} ago
 * @param reason skipped, waiting, failed: why, in words
 * @param exitCode failed: the exit code that {@code extract} would have returned for it
 * @param entries done: zip entries extracted
 * @param bytes done: bytes extracted
 * @param partsMovedTo where its parts were moved, if they were
 * @param partsDeleted whether its parts were deleted
 * @param cause failed: the exception behind it, for {@code --verbose} (not part of the report)
 */
public record Outcome(Status status, String export, Path inbox, int parts, Path destination, List<String> missing,
        List<String> recent, String reason, ExitCode exitCode, long entries, long bytes, Path partsMovedTo,
        boolean partsDeleted, Throwable cause) {

    /** The four results an export can have; only {@link #FAILED} makes the run exit 8. */
    public enum Status {
        DONE, SKIPPED, WAITING, FAILED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Outcome {
        missing = List.copyOf(missing);
        recent = List.copyOf(recent);
    }

    static Outcome done(String export, Path inbox, int parts, Path destination, long entries, long bytes) {
        return new Outcome(Status.DONE, export, inbox, parts, destination, List.of(), List.of(), null, null,
                entries, bytes, null, false, null);
    }

    static Outcome skipped(String export, Path inbox, int parts, Path destination, String reason) {
        return new Outcome(Status.SKIPPED, export, inbox, parts, destination, List.of(), List.of(), reason, null,
                0, 0, null, false, null);
    }

    static Outcome waitingFor(String export, Path inbox, int parts, List<String> missing) {
        return new Outcome(Status.WAITING, export, inbox, parts, null, missing, List.of(),
                "missing: " + String.join(", ", missing), null, 0, 0, null, false, null);
    }

    static Outcome tooRecent(String export, Path inbox, int parts, List<String> recent, String minAge) {
        return new Outcome(Status.WAITING, export, inbox, parts, null, List.of(), recent,
                "modified less than " + minAge + " ago: " + String.join(", ", recent), null, 0, 0, null, false, null);
    }

    static Outcome failed(String export, Path inbox, int parts, Path destination, String reason, ExitCode code) {
        return failed(export, inbox, parts, destination, reason, code, null);
    }

    static Outcome failed(String export, Path inbox, int parts, Path destination, String reason, ExitCode code,
            Throwable cause) {
        return new Outcome(Status.FAILED, export, inbox, parts, destination, List.of(), List.of(), oneLine(reason),
                code, 0, 0, null, false, cause);
    }

    Outcome withPartsMovedTo(Path folder) {
        return new Outcome(status, export, inbox, parts, destination, missing, recent, reason, exitCode, entries,
                bytes, folder, false, cause);
    }

    Outcome withPartsDeleted() {
        return new Outcome(status, export, inbox, parts, destination, missing, recent, reason, exitCode, entries,
                bytes, null, true, cause);
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    /**
     * The report line: {@code done NAME -> DIR}, {@code skipped NAME (REASON)}, {@code waiting NAME (missing: A, B)}
     * or {@code waiting NAME (modified less than AGE ago: A)}, {@code failed NAME: REASON (exit N)}.
     */
    public String line() {
        return switch (status) {
            case DONE -> "done " + export + " -> " + destination;
            case SKIPPED, WAITING -> status.word() + " " + export + " (" + reason + ")";
            case FAILED -> "failed " + export + ": " + reason + " (exit " + exitCode.code() + ")";
        };
    }

    /**
     * The JSON object of {@code --json}: always {@code type} ("export"), {@code status}, {@code export},
     * {@code inbox}, {@code parts}; then {@code destination} (done, skipped), {@code entries} and {@code bytes}
     * (done), {@code missing} and {@code recent} (waiting: arrays of file names), {@code reason} (skipped, waiting,
     * failed), {@code exitCode} (failed), {@code partsMovedTo} or {@code partsDeleted} when that was done.
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
        if (status == Status.WAITING) {
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
