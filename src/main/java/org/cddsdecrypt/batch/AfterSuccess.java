package org.cddsdecrypt.batch;

import java.nio.file.Path;

/**
 * What happens to an export's encrypted parts once its tree is in place and recorded: nothing, moved to a folder,
 * or deleted. Never both moved and deleted.
 *
 * @param moveTo the folder to move parts into, or null
 * @param delete whether to delete the parts
 */
public record AfterSuccess(Path moveTo, boolean delete) {
    public AfterSuccess {
        if (moveTo != null && delete) {
            throw new IllegalArgumentException("parts can be moved or deleted, not both");
        }
    }

    public static AfterSuccess keep() {
        return new AfterSuccess(null, false);
    }

    public static AfterSuccess moveTo(Path folder) {
        return new AfterSuccess(folder, false);
    }

    public static AfterSuccess deleteParts() {
        return new AfterSuccess(null, true);
    }

    public boolean keepsParts() {
        return moveTo == null && !delete;
    }
}
