package org.cddsdecrypt.export;

import java.util.List;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.zip.EntrySelection;

/** Which entries extract and cat write: glob patterns to include and to exclude (see {@link EntrySelection}). */
public final class Selection {
    final EntrySelection entries;

    private Selection(EntrySelection entries) {
        this.entries = entries;
    }

    /** @throws UsageException for a malformed pattern (exit 2) */
    public static Selection of(List<String> includes, List<String> excludes) throws UsageException {
        try {
            return new Selection(EntrySelection.of(includes, excludes));
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad pattern: " + e.getMessage());
        }
    }
}
