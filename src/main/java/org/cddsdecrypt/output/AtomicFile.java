package org.cddsdecrypt.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import org.cddsdecrypt.error.OutputException;

/**
 * A file written under a temporary name beside its destination and renamed into place by {@link #commit()}; closed
 * without a commit, it leaves nothing behind. The commit is durable: the temporary file is forced to disk before
 * the rename, the folder after it. With {@code replace}, only a regular file is replaced, never a folder, a link or
 * one of the inputs.
 */
public final class AtomicFile implements Closeable {
    private final Path destination;
    private final Path temp;
    private final boolean replace;
    private final String nameOption;
    private final FileChannel channel;
    private final EarlyWriteback out;
    private final FileSync sync;
    private FileTime modified;
    private boolean committed;

    private AtomicFile(
            Path destination, Path temp, boolean replace, String nameOption, FileChannel channel, FileSync sync) {
        this.destination = destination;
        this.temp = temp;
        this.replace = replace;
        this.nameOption = nameOption;
        this.channel = channel;
        this.out = new EarlyWriteback(Channels.newOutputStream(channel), channel, temp, sync);
        this.sync = sync;
    }

    /** Creates the temporary file for a destination that is not written from another file (the batch journal). */
    public static AtomicFile create(Path destination, boolean replace, Permissions permissions) throws OutputException {
        return create(destination, replace, permissions, List.of());
    }

    /**
     * Creates the temporary file; refuses an existing destination unless {@code replace}, and always when it is not
     * a regular file or is one of {@code inputs}.
     */
    public static AtomicFile create(Path destination, boolean replace, Permissions permissions, Collection<Path> inputs)
            throws OutputException {
        return create(destination, replace, permissions, inputs, "-o", FileSync.SYSTEM);
    }

    /** As {@link #create(Path, boolean, Permissions)}, for a destination given with {@code nameOption} (--key). */
    public static AtomicFile create(Path destination, boolean replace, Permissions permissions, String nameOption)
            throws OutputException {
        return create(destination, replace, permissions, List.of(), nameOption, FileSync.SYSTEM);
    }

    static AtomicFile create(
            Path destination, boolean replace, Permissions permissions, Collection<Path> inputs, FileSync sync)
            throws OutputException {
        return create(destination, replace, permissions, inputs, "-o", sync);
    }

    private static AtomicFile create(
            Path destination,
            boolean replace,
            Permissions permissions,
            Collection<Path> inputs,
            String nameOption,
            FileSync sync)
            throws OutputException {
        Path absolute = destination.toAbsolutePath();
        Owners.refuseSharedWithoutSticky(absolute.getParent()); // first: --force would not help there
        checkReplaceable(destination, absolute, replace, inputs, "already exists", nameOption);
        Leftovers.remove(absolute.getParent(), absolute.getFileName().toString());
        Path temp = Leftovers.name(absolute, "tmp");
        try {
            FileChannel channel =
                    permissions.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            TempFiles.register(temp);
            return new AtomicFile(absolute, temp, replace, nameOption, channel, sync);
        } catch (IOException e) {
            TempFiles.deleteQuietly(temp);
            TempFiles.forget(temp);
            throw OutputException.of("cannot create " + destination, e);
        }
    }

    /** Suggests --force only where it would work: on a regular file that is not one of the inputs. */
    private static void checkReplaceable(
            Path given, Path absolute, boolean replace, Collection<Path> inputs, String exists, String nameOption)
            throws OutputException {
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(given + " " + exists + " and is not a regular file (a folder, a link…): "
                    + "choose another name with " + nameOption);
        }
        for (Path input : inputs) {
            if (isSameFile(input, absolute)) {
                throw new OutputException(
                        given + " is one of the files being decrypted: choose another name " + "with " + nameOption);
            }
        }
        if (!replace) {
            throw new OutputException(given + " " + exists + ": pass --force to replace it, or choose another "
                    + "name with " + nameOption);
        }
    }

    public OutputStream stream() {
        return out;
    }

    /** Gives the file this modification time at the commit (before it is forced to disk). */
    public void keepTime(FileTime time) {
        this.modified = time;
    }

    /** Forces the file to disk, closes it, renames it into place and forces the folder. */
    public void commit() throws OutputException {
        try {
            out.flush();
            out.finish();
            if (modified != null) {
                Files.setLastModifiedTime(temp, modified);
            }
            sync.file(channel, temp);
            channel.close();
            checkReplaceable(destination, destination, replace, List.of(), "appeared while it was written", nameOption);
            try {
                Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            sync.directory(destination.getParent());
        } catch (IOException e) {
            throw OutputException.of(
                    committed ? "cannot force " + destination + " to disk" : "cannot write " + destination, e);
        } finally {
            if (!committed) {
                TempFiles.deleteQuietly(temp);
            }
            TempFiles.forget(temp);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            out.stop();
            try {
                channel.close();
            } catch (IOException e) {
                // The file is being discarded.
            }
            TempFiles.deleteQuietly(temp);
            TempFiles.forget(temp);
        }
    }

    /** An input that cannot be compared cannot be the destination being replaced either. */
    private static boolean isSameFile(Path input, Path destination) {
        try {
            return Files.exists(input) && Files.isSameFile(input, destination);
        } catch (IOException e) {
            return false;
        }
    }
}
