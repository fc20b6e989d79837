package org.cddsdecrypt.output;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.stream.Stream;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.OutputException;

/**
 * A hidden folder beside the destination where a tree is extracted, moved into place by {@link #commit()} only when
 * everything verified. Closed without a commit, it is deleted. Folders left by killed runs are removed the next
 * time a run stages beside the same destination.
 *
 * <p>What may be replaced: a missing or empty folder, or (only with {@code replace}) a tree that holds this user's
 * {@link TreeMarker}. Never a folder the tool did not write, the current folder or one that holds it, the home
 * folder, a file-system root, or a folder that holds one of the inputs.
 *
 * <p>The commit is durable: the files were forced to disk as they were closed ({@link TreeWriter}), the marker and
 * the staging folder are forced before the rename, and the parent folder after it; a replaced tree is deleted only
 * then.
 */
public final class StagingDirectory implements Closeable {
    private final Path destination;
    private final Path staging;
    private final boolean replace;
    private final String export;
    private final Permissions permissions;
    private final FileSync sync;
    private boolean committed;

    private StagingDirectory(
            Path destination, Path staging, boolean replace, String export, Permissions permissions, FileSync sync) {
        this.destination = destination;
        this.staging = staging;
        this.replace = replace;
        this.export = export;
        this.permissions = permissions;
        this.sync = sync;
    }

    /**
     * Checks the destination and creates the staging folder beside it.
     *
     * @param export the export's name, written into the tree's marker
     * @param inputs the files being read (the parts): a folder holding any of them is never replaced
     * @throws OutputException when the destination may not be replaced (see the class comment), is not a folder,
     *     or its parent cannot be written or is writable by everyone without the sticky bit
     */
    public static StagingDirectory create(
            Path destination, boolean replace, Permissions permissions, String export, Collection<Path> inputs)
            throws OutputException {
        return create(destination, replace, permissions, export, inputs, FileSync.SYSTEM);
    }

    static StagingDirectory create(
            Path destination,
            boolean replace,
            Permissions permissions,
            String export,
            Collection<Path> inputs,
            FileSync sync)
            throws OutputException {
        Path dest = destination.toAbsolutePath().normalize();
        if (dest.getParent() != null) {
            Owners.refuseSharedWithoutSticky(dest.getParent()); // first: --force would not help there
        }
        checkDestination(destination, dest, replace, export, inputs);
        Path parent = dest.getParent();
        try {
            FileSync.createDirectories(parent, sync);
        } catch (IOException e) {
            throw OutputException.of("cannot create " + parent, e);
        }
        Owners.refuseSharedWithoutSticky(parent); // again, if it was just made
        Leftovers.remove(parent, dest.getFileName().toString());
        Path staging = Leftovers.name(dest, "staging");
        try {
            permissions.createDirectory(staging);
            TempFiles.register(staging);
        } catch (IOException e) {
            throw OutputException.of("cannot create a staging folder in " + parent, e);
        }
        return new StagingDirectory(dest, staging, replace, export, permissions, sync);
    }

    private static void checkDestination(Path given, Path dest, boolean replace, String export, Collection<Path> inputs)
            throws OutputException {
        if (dest.getParent() == null) {
            throw new OutputException(given + " is a file-system root: cdds-decrypt never replaces it; choose "
                    + "another -o, e.g. a new folder inside it");
        }
        if (!Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(given + " exists and is not a folder: choose another -o");
        }
        Destinations.refuseProtected(given, dest, inputs);
        if (isEmpty(dest)) {
            return;
        }
        if (!TreeMarker.isOurs(dest)) {
            throw new OutputException(given + " already exists, is not empty and was not written by cdds-decrypt: "
                    + "choose another -o, e.g. a new folder inside it (-o " + given.resolve(export) + ")");
        }
        if (!replace) {
            throw new OutputException(given + " already exists (a tree cdds-decrypt wrote): pass --force to replace "
                    + "it, or choose another folder with -o");
        }
    }

    private static boolean isEmpty(Path dir) throws OutputException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw OutputException.of("cannot read " + dir, e);
        }
    }

    /** Where to extract. */
    public Path root() {
        return staging;
    }

    /**
     * Marks the staged tree as the tool's, forces it to disk and moves it to the destination atomically, replacing
     * an existing tree of ours if allowed (the old one is deleted once the new one is durable).
     */
    public void commit() throws CddsException {
        Path old = null;
        try {
            TreeMarker.write(staging, export, permissions, sync);
            sync.directory(staging);
            if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                if (isEmpty(destination)) {
                    Files.delete(destination);
                    move(staging, destination);
                } else if (!TreeMarker.isOurs(destination)) {
                    throw new OutputException(destination + " appeared while extracting and was not written by "
                            + "cdds-decrypt: choose another -o");
                } else if (replace) {
                    old = Leftovers.name(destination, "old");
                    TempFiles.register(old);
                    move(destination, old);
                    try {
                        move(staging, destination);
                    } catch (IOException e) {
                        move(old, destination);
                        TempFiles.forget(old);
                        old = null;
                        throw e;
                    }
                } else {
                    throw new OutputException(destination + " appeared while extracting: pass --force to replace "
                            + "it, or choose another -o");
                }
            } else {
                move(staging, destination);
            }
            committed = true;
            sync.directory(destination.getParent());
        } catch (IOException e) {
            String what = committed
                    ? "cannot force " + destination + " to disk"
                    : "cannot move the extracted tree to " + destination;
            throw CddsException.ownOr(e, io -> OutputException.of(what, io));
        } finally {
            TempFiles.forget(staging);
            if (!committed) {
                TempFiles.deleteQuietly(staging);
            }
            if (old != null && committed) {
                TempFiles.deleteQuietly(old);
            }
            if (old != null) {
                TempFiles.forget(old); // not committed: the user's tree stays hidden there rather than lost
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            TempFiles.deleteQuietly(staging);
            TempFiles.forget(staging);
        }
    }
}
