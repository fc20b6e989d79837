package org.cddsdecrypt.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.cddsdecrypt.OutputException;

/**
 * A file written under a temporary name beside its destination and renamed into place by {@link #commit()}; closed
 * without a commit, it leaves nothing behind.
 */
public final class AtomicFile implements Closeable {
    private final Path destination;
    private final Path temp;
    private final boolean replace;
    private final OutputStream out;
    private boolean committed;

    private AtomicFile(Path destination, Path temp, boolean replace, OutputStream out) {
        this.destination = destination;
        this.temp = temp;
        this.replace = replace;
        this.out = out;
    }

    /** Creates the temporary file; refuses an existing destination unless {@code replace}. */
    public static AtomicFile create(Path destination, boolean replace, Permissions permissions)
            throws OutputException {
        Path absolute = destination.toAbsolutePath();
        if (!replace && Files.exists(absolute)) {
            throw new OutputException(destination + " already exists: pass --force to replace it, or choose another "
                    + "name with -o");
        }
        if (Files.isDirectory(absolute)) {
            throw new OutputException(destination + " is a directory");
        }
        Leftovers.remove(absolute.getParent(), absolute.getFileName().toString());
        Path temp = Leftovers.name(absolute, "tmp");
        try {
            Files.createFile(temp, permissions.forFile());
            TempFiles.register(temp);
            return new AtomicFile(absolute, temp, replace, Files.newOutputStream(temp));
        } catch (IOException e) {
            TempFiles.deleteQuietly(temp);
            TempFiles.forget(temp);
            throw Outputs.failure("cannot create " + destination, e);
        }
    }

    public OutputStream stream() {
        return out;
    }

    /** Flushes, closes and renames the file into place. */
    public void commit() throws OutputException {
        try {
            out.close();
            try {
                moveIntoPlace(StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                moveIntoPlace();
            }
            committed = true;
        } catch (FileAlreadyExistsException e) {
            throw new OutputException(destination + " appeared while decrypting: pass --force to replace it");
        } catch (IOException e) {
            throw Outputs.failure("cannot write " + destination, e);
        } finally {
            if (!committed) {
                TempFiles.deleteQuietly(temp);
            }
            TempFiles.forget(temp);
        }
    }

    private void moveIntoPlace(StandardCopyOption... options) throws IOException {
        if (!replace && Files.exists(destination)) {
            throw new FileAlreadyExistsException(destination.toString());
        }
        Files.move(temp, destination, options);
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                out.close();
            } catch (IOException e) {
                // The file is being discarded.
            }
            TempFiles.deleteQuietly(temp);
            TempFiles.forget(temp);
        }
    }
}
