package org.cddsdecrypt.output;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.cddsdecrypt.OutputException;

/**
 * A hidden folder beside the destination where a tree is extracted, moved into place by {@link #commit()} only when
 * everything verified. Closed without a commit, it is deleted. Folders left by killed runs are removed the next
 * time a run stages beside the same destination.
 */
public final class StagingDirectory implements Closeable {
    private final Path destination;
    private final Path staging;
    private final boolean replace;
    private boolean committed;

    private StagingDirectory(Path destination, Path staging, boolean replace) {
        this.destination = destination;
        this.staging = staging;
        this.replace = replace;
    }

    /**
     * Checks the destination and creates the staging folder beside it.
     *
     * @throws OutputException when the destination exists and is not empty (unless {@code replace}), is not a
     *     directory, or its parent cannot be written
     */
    public static StagingDirectory create(Path destination, boolean replace, Permissions permissions)
            throws OutputException {
        Path dest = destination.toAbsolutePath().normalize();
        checkDestination(destination, dest, replace);
        Path parent = dest.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw Outputs.failure("cannot create " + parent, e);
        }
        Leftovers.remove(parent, dest.getFileName().toString());
        Path staging = Leftovers.name(dest, "staging");
        try {
            Files.createDirectory(staging, permissions.forDirectory());
            TempFiles.register(staging);
        } catch (IOException e) {
            throw Outputs.failure("cannot create a staging folder in " + parent, e);
        }
        return new StagingDirectory(dest, staging, replace);
    }

    private static void checkDestination(Path given, Path dest, boolean replace) throws OutputException {
        if (!Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(given + " exists and is not a directory: choose another -o");
        }
        if (!replace && !isEmpty(dest)) {
            throw new OutputException(given + " already exists and is not empty: pass --force to replace it, or "
                    + "choose another folder with -o");
        }
    }

    private static boolean isEmpty(Path dir) throws OutputException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw Outputs.failure("cannot read " + dir, e);
        }
    }

    /** Where to extract. */
    public Path root() {
        return staging;
    }

    public Path destination() {
        return destination;
    }

    /** Moves the staged tree to the destination (replacing an existing one if allowed), atomically. */
    public void commit() throws OutputException {
        try {
            if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                if (isEmpty(destination)) {
                    Files.delete(destination);
                    move(staging, destination);
                } else if (replace) {
                    replaceExisting();
                } else {
                    throw new OutputException(destination + " appeared while extracting: pass --force to replace it");
                }
            } else {
                move(staging, destination);
            }
            committed = true;
        } catch (IOException e) {
            if (e instanceof OutputException oe) {
                throw oe;
            }
            throw Outputs.failure("cannot move the extracted tree to " + destination, e);
        } finally {
            TempFiles.forget(staging);
            if (!committed) {
                TempFiles.deleteQuietly(staging);
            }
        }
    }

    private void replaceExisting() throws IOException {
        Path old = Leftovers.name(destination, "old");
        TempFiles.register(old);
        move(destination, old);
        move(staging, destination);
        TempFiles.deleteQuietly(old);
        TempFiles.forget(old);
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
