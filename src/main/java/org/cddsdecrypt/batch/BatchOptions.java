package org.cddsdecrypt.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.cddsdecrypt.output.Permissions;

/**
 * What a batch run does.
 *
 * @param inboxes folders scanned for export parts (not recursively)
 * @param out where each export's tree goes, as {@code out/<export-name>/}; also holds the run's state
 * @param minAge parts modified less than this long ago count as still downloading
 * @param afterSuccess what to do with an export's parts once its tree is in place
 * @param force replace {@code out/<export-name>/} trees that cdds-decrypt wrote but no batch run recorded
 * @param permissions modes of the extracted files and folders
 */
public record BatchOptions(List<Path> inboxes, Path out, Duration minAge, AfterSuccess afterSuccess, boolean force,
        Permissions permissions) {
    public BatchOptions {
        inboxes = List.copyOf(inboxes);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(minAge, "minAge");
        Objects.requireNonNull(afterSuccess, "afterSuccess");
        Objects.requireNonNull(permissions, "permissions");
        if (minAge.isNegative()) {
            throw new IllegalArgumentException("minAge is negative");
        }
    }

    /** The defaults of the command line: no minimum age, parts left where they are, owner-only modes. */
    public static BatchOptions of(List<Path> inboxes, Path out) {
        return new BatchOptions(inboxes, out, Duration.ZERO, AfterSuccess.keep(), false, Permissions.OWNER_ONLY);
    }

    public BatchOptions withMinAge(Duration age) {
        return new BatchOptions(inboxes, out, age, afterSuccess, force, permissions);
    }

    public BatchOptions withAfterSuccess(AfterSuccess action) {
        return new BatchOptions(inboxes, out, minAge, action, force, permissions);
    }

    public BatchOptions withForce(boolean replaceUnknown) {
        return new BatchOptions(inboxes, out, minAge, afterSuccess, replaceUnknown, permissions);
    }

    public BatchOptions withPermissions(Permissions modes) {
        return new BatchOptions(inboxes, out, minAge, afterSuccess, force, modes);
    }
}
