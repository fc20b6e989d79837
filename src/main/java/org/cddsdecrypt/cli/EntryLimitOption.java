package org.cddsdecrypt.cli;

import org.cddsdecrypt.export.ExportLimits;
import picocli.CommandLine.Option;

/** {@code --max-entries}: for every command that reads an export's entries. */
public final class EntryLimitOption {
    @Option(
            names = "--max-entries",
            paramLabel = "N",
            defaultValue = "" + ExportLimits.DEFAULT_MAX_ENTRIES,
            description = "Refuse exports with more than N entries (files and folders), counted as they are read. "
                    + "Default: ${DEFAULT-VALUE}.")
    long maxEntries;
}
