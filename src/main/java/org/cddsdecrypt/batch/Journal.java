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
 * The exports a batch run has done, in {@code OUT/.cdds-decrypt/state}: a header line, then one tab-separated
 * line per export, {@code done NAME FINGERPRINT PARTS FINISHED}, e.g.
 * <pre>
 * # cdds-decrypt batch journal 1
 * done	export-2b71…	sha256:9f3c…	12	2026-11-25T10:00:00Z
 * </pre>
 * Names escape backslash, tab, CR and LF as {@code \\ \t \r \n}. The file is rewritten whole ({@link StateFile}),
 * and only while the run lock is held.
 */
final class Journal {
    static final String HEADER = "# cdds-decrypt batch journal 1";

    /** One export done: which download of it ({@link Fingerprint}), how many parts, when. */
    record Entry(String export, String fingerprint, int parts, Instant finished) {}

    private final Path file;

    Journal(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The entries by export name; empty when there is no journal yet. */
    Map<String, Entry> read() throws OutputException {
        Map<String, Entry> entries = new TreeMap<>();
        List<String> lines = StateFile.read(file);
        if (lines.isEmpty()) {
            return entries;
        }
        if (!lines.get(0).equals(HEADER)) {
            throw corrupt(1, "it does not start with \"" + HEADER + "\"");
        }
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                Entry e = parse(lines.get(i), i + 1);
                entries.put(e.export(), e);
            }
        }
        return entries;
    }

    private Entry parse(String line, int lineNumber) throws OutputException {
        String[] f = line.split("\t", -1);
        if (f.length != 5 || !f[0].equals("done") || !f[2].startsWith("sha256:")) {
            throw corrupt(lineNumber, "expected done<TAB>export<TAB>fingerprint<TAB>parts<TAB>time");
        }
        try {
            return new Entry(unescape(f[1]), f[2], Integer.parseInt(f[3]), Instant.parse(f[4]));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw corrupt(lineNumber, e.getMessage());
        }
    }

    private OutputException corrupt(int line, String why) {
        return new OutputException(file + " line " + line + " is not a cdds-decrypt batch journal line (" + why
                + "): fix or remove the file (without it, existing trees are not replaced without --force)");
    }

    /** Replaces the journal with {@code entries}, atomically. */
    void write(Map<String, Entry> entries) throws OutputException {
        List<String> lines = new ArrayList<>();
        for (Entry e : entries.values()) {
            lines.add("done\t" + escape(e.export()) + "\t" + e.fingerprint() + "\t" + e.parts() + "\t" + e.finished());
        }
        StateFile.write(file, HEADER, lines);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(
                        switch (n) {
                            case 't' -> '\t';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            default -> n;
                        });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
