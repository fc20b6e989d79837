package org.cddsdecrypt.batch;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cddsdecrypt.error.OutputException;

/**
 * The failures and stalls already reported, in {@code OUT/.cdds-decrypt/reported}, so that cron alerts once per
 * download: a header line, then one tab-separated line per export,
 * {@code failed|stalled NAME FINGERPRINT TIME EXIT REASON}. Names and reasons are escaped as in the
 * {@link Journal}. An export's line is replaced when it fails or stalls again with other parts, and removed when it
 * is done.
 *
 * <p>Unlike the journal, nothing depends on this file for safety: a line lost or unreadable only means that one
 * alert is repeated, so a damaged file is read as far as it can be, never stopping the run, and deleting it (or
 * {@code --retry-failed}) has every failed export tried again. It is rewritten whole, under the run lock.
 */
final class Reported {
    static final String HEADER = "# cdds-decrypt batch reported 1";

    /** One export reported as failed or stalled, for this download ({@link Fingerprint}) of it. */
    record Entry(Outcome.Status status, String export, String fingerprint, Instant time, int exitCode, String reason) {}

    private final Path file;

    Reported(Path file) {
        this.file = file;
    }

    /** The entries by export name; empty when there is no file yet. Lines that cannot be read are skipped. */
    Map<String, Entry> read() throws OutputException {
        Map<String, Entry> entries = new TreeMap<>();
        List<String> lines = StateFile.read(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            return entries;
        }
        for (String line : lines.subList(1, lines.size())) {
            Entry e = parse(line);
            if (e != null) {
                entries.put(e.export(), e);
            }
        }
        return entries;
    }

    private static Entry parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 6) {
            return null;
        }
        Outcome.Status status = switch (f[0]) {
            case "failed" -> Outcome.Status.FAILED;
            case "stalled" -> Outcome.Status.STALLED;
            default -> null;
        };
        try {
            return status == null
                    ? null
                    : new Entry(
                            status,
                            Journal.unescape(f[1]),
                            f[2],
                            Instant.parse(f[3]),
                            Integer.parseInt(f[4]),
                            Journal.unescape(f[5]));
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    /** Records {@code entry} in place of any earlier one of its export; the caller holds the run lock. */
    void record(Entry entry) throws OutputException {
        Map<String, Entry> entries = read();
        entries.put(entry.export(), entry);
        write(entries);
    }

    /** Removes the export's entry, if there is one; the caller holds the run lock. */
    void forget(String export) throws OutputException {
        Map<String, Entry> entries = read();
        if (entries.remove(export) != null) {
            write(entries);
        }
    }

    private void write(Map<String, Entry> entries) throws OutputException {
        List<String> lines = new ArrayList<>();
        for (Entry e : entries.values()) {
            lines.add(e.status().word() + "\t" + Journal.escape(e.export()) + "\t" + e.fingerprint() + "\t" + e.time()
                    + "\t" + e.exitCode() + "\t" + Journal.escape(e.reason()));
        }
        StateFile.write(file, HEADER, lines);
    }
}
