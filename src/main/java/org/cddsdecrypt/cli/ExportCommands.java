package org.cddsdecrypt.cli;

import org.cddsdecrypt.export.Export;

/** The PART parameter of the commands that read a whole export. */
final class ExportCommands {
    /** What the PART parameter of the export commands says: repeatable, for a shell pattern's expansion. */
    static final String MORE_PARTS = "more parts of the same export may follow, as a shell pattern such as "
            + "export-2b71*.smime gives them (browser duplicates such as '… (1).smime' among them are ignored); parts "
            + "of another export may not.";

    static final String PARTS = "Any one part of the export; " + MORE_PARTS;

    private ExportCommands() {}

    /** A browser's second download of a part beside the first: left out of PART (see {@link Export#of}). */
    static boolean isBrowserDuplicate(String part) {
        return Export.isBrowserDuplicate(part);
    }
}
