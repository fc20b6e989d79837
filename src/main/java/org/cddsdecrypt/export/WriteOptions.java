package org.cddsdecrypt.export;

import org.cddsdecrypt.output.Permissions;

/**
 * How extract and decrypt write their output.
 *
 * @param force replace what is there (only what cdds-decrypt may replace: see StagingDirectory and AtomicFile)
 * @param umask create with the process umask instead of owner-only modes
 */
public record WriteOptions(boolean force, boolean umask) {
    Permissions permissions() {
        return Permissions.of(umask);
    }
}
