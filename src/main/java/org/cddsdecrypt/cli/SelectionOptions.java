package org.cddsdecrypt.cli;

import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.export.Selection;
import picocli.CommandLine.Option;

/** {@code --include} and {@code --exclude}: which entries of the export to extract. */
public final class SelectionOptions {
    /** How patterns match, for the help of the commands that select (annotation values must be constants). */
    static final String PATTERNS = "GLOB is matched against an entry's whole path as stored in the export, e.g. "
            + "ContactHistory/2026/11/25/part-0001.jsonl: '*' and '?' stay within one folder, '**' spans folders "
            + "('**/*.jsonl' at any depth, 'ContactHistory/**' everything below ContactHistory), [abc] and [!abc] "
            + "match one character. A pattern that matches a folder matches everything in it.";

    /** Which entries are chosen. */
    static final String CHOICE = "A file is chosen when it matches some --include (or none is given) and no "
            + "--exclude. A folder is created when it holds a chosen file, or when it matches an --include itself "
            + "and no --exclude. Every entry is still decrypted and checked, chosen or not. When no --include matches "
            + "any entry, nothing is written (no empty folder) and the exit status is 2.";

    /** What --stdout and cat promise, and what they cannot. */
    static final String STDOUT = "%nStandard output:%n"
            + "Files are written one after another in archive order, with nothing between them. A file's CRC can "
            + "only be checked once its bytes have been sent: if the run fails (exit status not 0), what was "
            + "received is incomplete or corrupt and must be discarded.";

    @Option(
            names = "--include",
            paramLabel = "GLOB",
            description = "Extract only entries whose path matches GLOB; repeat for several (see Selection below).")
    List<String> includes = new ArrayList<>();

    @Option(
            names = "--exclude",
            paramLabel = "GLOB",
            description = "Leave out entries whose path matches GLOB, even if included; repeatable.")
    List<String> excludes = new ArrayList<>();

    Selection selection() throws UsageException {
        return Selection.of(includes, excludes);
    }
}
