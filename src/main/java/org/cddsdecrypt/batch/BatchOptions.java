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
 * @param maxWait an export still incomplete this long after its newest part arrived is stalled; null: never
 * @param afterSuccess what to do with an export's parts once its tree is in place
 * @param force replace {@code out/<export-name>/} trees that cdds-decrypt wrote but no batch run recorded
 * @param permissions modes of the extracted files and folders
 * @param retryFailed try exports again whose unchanged parts failed in an earlier run (and report stalls again)
 */
public record BatchOptions(
        List<Path> inboxes,
        Path out,
        Duration minAge,
        Duration maxWait,
        AfterSuccess afterSuccess,
        boolean force,
        Permissions permissions,
        boolean retryFailed) {
    public BatchOptions {
        inboxes = List.copyOf(inboxes);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(minAge, "minAge");
        Objects.requireNonNull(afterSuccess, "afterSuccess");
        Objects.requireNonNull(permissions, "permissions");
        if (minAge.isNegative()) {
            throw new IllegalArgumentException("minAge is negative");
        }
        if (maxWait != null && (maxWait.isNegative() || maxWait.isZero())) {
            throw new IllegalArgumentException("maxWait is not positive");
        }
    }

    /**
     * The defaults of the command line: no minimum age, no maximum wait, parts left where they are, owner-only
     * modes, earlier failures not retried.
     */
    public static BatchOptions of(List<Path> inboxes, Path out) {
        return new BatchOptions(
                inboxes, out, Duration.ZERO, null, AfterSuccess.keep(), false, Permissions.OWNER_ONLY, false);
    }

    public BatchOptions withMinAge(Duration age) {
        return new BatchOptions(inboxes, out, age, maxWait, afterSuccess, force, permissions, retryFailed);
    }

    /** {@code null} turns stall reports off. */
    public BatchOptions withMaxWait(Duration wait) {
        return new BatchOptions(inboxes, out, minAge, wait, afterSuccess, force, permissions, retryFailed);
    }

    public BatchOptions withAfterSuccess(AfterSuccess action) {
        return new BatchOptions(inboxes, out, minAge, maxWait, action, force, permissions, retryFailed);
    }

    public BatchOptions withForce(boolean replaceUnknown) {
        return new BatchOptions(inboxes, out, minAge, maxWait, afterSuccess, replaceUnknown, permissions, retryFailed);
    }

    public BatchOptions withPermissions(Permissions modes) {
        return new BatchOptions(inboxes, out, minAge, maxWait, afterSuccess, force, modes, retryFailed);
    }

    /** With the process umask instead of owner-only modes: the commands' --umask. */
    public BatchOptions withUmask(boolean umask) {
        return withPermissions(Permissions.of(umask));
    }

    public BatchOptions withRetryFailed(boolean retry) {
        return new BatchOptions(inboxes, out, minAge, maxWait, afterSuccess, force, permissions, retry);
    }
}
