package org.cddsdecrypt.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.cddsdecrypt.output.AtomicFile;
import org.cddsdecrypt.output.FileSync;
import org.cddsdecrypt.output.Permissions;

/**
 * Moves or deletes the parts of an export that is done, durably: when this returns, the parts are where the
 * report says after a power cut too. Called only once the tree and its journal entry are on disk, so a crash never
 * leaves an export with neither its parts nor its tree.
 */
final class DoneParts {
    private DoneParts() {}

    /** Deletes {@code part} and forces its folder. */
    static void delete(Path part, FileSync sync) throws IOException {
        Files.deleteIfExists(part);
        sync.directory(part.toAbsolutePath().getParent());
    }

    /**
     * Moves {@code part} to {@code target}: a rename on the same file system; across file systems a copy forced
     * to disk (keeping the modification time, which the fingerprint holds), renamed into place, and only then the
     * original deleted. A file already at {@code target} is never replaced: it may be anyone's.
     */
    static void move(Path part, Path target, FileSync sync) throws IOException {
        if (!Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, target + " already exists; move it away");
        }
        Path from = part.toAbsolutePath().getParent();
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            try (AtomicFile copy = AtomicFile.create(target, true, Permissions.OWNER_ONLY);
                    InputStream in = Files.newInputStream(part, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(copy.stream());
                copy.keepTime(Files.getLastModifiedTime(part, LinkOption.NOFOLLOW_LINKS));
                copy.commit();
            }
            Files.delete(part);
            sync.directory(from);
            return;
        }
        sync.directory(target.toAbsolutePath().getParent());
        sync.directory(from);
    }
}
