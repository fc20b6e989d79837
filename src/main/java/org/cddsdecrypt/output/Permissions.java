package org.cddsdecrypt.output;

import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Modes for decrypted output. Decrypted exports are customers' personal data, so files are created readable by the
 * owner only; {@link #UMASK} leaves the choice to the process umask instead.
 */
public enum Permissions {
    OWNER_ONLY,
    UMASK;

    FileAttribute<?>[] forFile() {
        return this == OWNER_ONLY
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    FileAttribute<?>[] forDirectory() {
        return this == OWNER_ONLY
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
    }
}
