package org.cddsdecrypt.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.UnsafeContentException;
import org.cddsdecrypt.zip.EntrySink;

/**
 * Writes entries as files and folders under a root (the staging folder), never outside it. Files are created new
 * (a duplicate entry is an error, not an overwrite), with owner-only permissions unless asked otherwise, and get
 * the entries' modification times; folder times are set last, since writing files into them changes them. The
 * writing itself happens on a {@link BackgroundWriter} thread; {@link #finish()} waits for it. Each file is forced to
 * disk on that thread as it is closed, and every folder made under the root by {@link #finish()}, so that the tree
 * is durable before {@link StagingDirectory#commit()} publishes it.
 */
public final class TreeWriter implements EntrySink {
    private final Path root;
    private final Permissions permissions;
    private final List<Path> directories = new ArrayList<>();
    private final List<Long> directoryTimes = new ArrayList<>();
    /** Every folder made under the root, to be forced to disk; entries are opened in order, on one thread. */
    private final Set<Path> created = new HashSet<>();
    private final BackgroundWriter writer = new BackgroundWriter();
    private final FileSync sync;

    public TreeWriter(Path root, Permissions permissions) {
        this(root, permissions, FileSync.SYSTEM);
    }

    TreeWriter(Path root, Permissions permissions, FileSync sync) {
        this.root = root.toAbsolutePath().normalize();
        this.permissions = permissions;
        this.sync = sync;
    }

    /** Files are written by the background writer, whoever calls; times are set in the same order. */
    @Override
    public boolean acceptsConcurrentFiles() {
        return true;
    }

    @Override
    public void directory(String path, long modifiedMillis) throws IOException {
        Path dir = resolve(path);
        try {
            Files.createDirectories(dir, permissions.forDirectory());
        } catch (FileAlreadyExistsException e) {
            throw new CorruptInputException("the archive holds " + path + " both as a file and as a folder");
        } catch (IOException e) {
            throw Outputs.failure("cannot create folder " + path, e);
        }
        remember(dir);
        if (modifiedMillis >= 0) {
            directories.add(dir);
            directoryTimes.add(modifiedMillis);
        }
    }

    @Override
    public OutputStream openFile(String path) throws IOException {
        Path file = resolve(path);
        try {
            Files.createDirectories(file.getParent(), permissions.forDirectory());
            remember(file.getParent());
            FileChannel channel = FileChannel.open(file,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), permissions.forFile());
            return writer.stream(channel, path, () -> sync.file(channel, file));
        } catch (FileAlreadyExistsException e) {
            throw new CorruptInputException("the archive holds " + path + " twice (or as a file and a folder)");
        } catch (IOException e) {
            throw Outputs.failure("cannot create " + path, e);
        }
    }

    @Override
    public void fileDone(String path, long modifiedMillis) throws IOException {
        if (modifiedMillis >= 0) {
            Path file = resolve(path);
            writer.submit(() -> setTime(file, modifiedMillis));
        }
    }

    @Override
    public void finish() throws IOException {
        writer.await();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < directories.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> directories.get(i).getNameCount()).reversed());
        for (int i : order) {
            setTime(directories.get(i), directoryTimes.get(i));
        }
        List<Path> folders = new ArrayList<>(created);
        folders.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path folder : folders) {
            try {
                sync.directory(folder);
            } catch (IOException e) {
                throw Outputs.failure("cannot force folder " + root.relativize(folder) + " to disk", e);
            }
        }
    }

    /** Notes {@code dir} and its parents up to the root (excluded) as folders to force to disk. */
    private void remember(Path dir) {
        for (Path d = dir; d != null && !d.equals(root) && d.startsWith(root) && created.add(d); d = d.getParent()) {
            // each new folder once; an already known one has its parents known too
        }
    }

    /** Stops the writer thread; after a failure, before the staging folder is deleted. */
    @Override
    public void close() {
        writer.close();
    }

    private static void setTime(Path path, long millis) throws IOException {
        try {
            Files.setLastModifiedTime(path, FileTime.fromMillis(millis));
        } catch (IOException e) {
            throw Outputs.failure("cannot set the time of " + path, e);
        }
    }

    /** The path of a (validated) entry under the root; refuses anything that would leave it. */
    private Path resolve(String relative) throws UnsafeContentException {
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new UnsafeContentException("archive entry escapes the destination: " + relative);
        }
        return resolved;
    }
}
