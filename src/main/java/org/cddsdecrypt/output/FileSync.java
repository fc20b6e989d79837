package org.cddsdecrypt.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Forces written files and folders to disk before a result is published by a rename, and the parent folder after
 * it, so that "done" still holds after a power cut or a kernel crash: without it the renamed tree can come back
 * missing or holding zero-length files. A step of its own so that tests can record the order.
 */
public interface FileSync {
    /** Forces the contents and size of an open file. */
    void file(FileChannel channel, Path path) throws IOException;

    /**
     * Has the disk write what is in the cache of a file still being written ({@code fdatasync}): no durability step,
     * but the final {@link #file} then finds little left to do (see {@link EarlyWriteback}).
     */
    default void writeback(FileChannel channel, Path path) throws IOException {
        channel.force(false);
    }

    /** Forces a folder's entries (new names, renames, deletions in it). */
    void directory(Path folder) throws IOException;

    /**
     * Creates {@code folder} and any missing parents, and forces each new folder's name into its parent, so that a
     * destination under new folders ({@code -o new/dir/out}) does not vanish with them after a crash.
     */
    static void createDirectories(Path folder, FileSync sync) throws IOException {
        Path absolute = folder.toAbsolutePath();
        Path firstMissing = null;
        for (Path p = absolute; p != null && !Files.exists(p); p = p.getParent()) {
            firstMissing = p;
        }
        Files.createDirectories(absolute);
        for (Path made = absolute; firstMissing != null; made = made.getParent()) {
            sync.directory(made.getParent());
            if (made.equals(firstMissing)) {
                break;
            }
        }
    }

    /**
     * fsync(2) through {@link FileChannel#force}; folders are skipped where they cannot be opened (Windows), where
     * the file system cannot sync them, and on file systems of other providers (in memory, in a zip), whose folders
     * are no files to open.
     */
    FileSync SYSTEM = new FileSync() {
        private final boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

        @Override
        public void file(FileChannel channel, Path path) throws IOException {
            channel.force(true);
        }

        @Override
        public void directory(Path folder) throws IOException {
            if (windows || folder.getFileSystem() != FileSystems.getDefault()) {
                return;
            }
            try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // Some file systems (FUSE ones among them) cannot sync a folder at all: EINVAL, ENOTSUP, ENOSYS.
                // That is no failure of this run; a real I/O error still is.
                String why = String.valueOf(e.getMessage());
                if (!(why.contains("Invalid argument")
                        || why.contains("not supported")
                        || why.contains("not implemented"))) {
                    throw e;
                }
            }
        }
    };
}
