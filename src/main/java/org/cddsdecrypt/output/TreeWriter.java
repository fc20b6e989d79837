package org.cddsdecrypt.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.error.UnsafeContentException;
import org.cddsdecrypt.io.Untrusted;
import org.cddsdecrypt.zip.EntrySink;

/**
 * Writes entries as files and folders under a root (the staging folder), never outside it. Files are created new
 * (a duplicate entry is an error, not an overwrite), with owner-only permissions unless asked otherwise, and get
 * the entries' modification times; folder times are set last, since writing files into them changes them. Each file
 * is written by whichever thread writes its stream, and forced to disk once closed, on the {@link SyncStage}'s
 * thread; {@link #finish()} waits for that, and forces every folder made under the root, so that the tree is durable
 * before {@link StagingDirectory#commit()} publishes it.
 *
 * <p>Where the root lies decides which names can be written. On Windows (a file system whose separator is a
 * backslash), names Windows cannot hold are refused ({@link WindowsNames}). On a file system that does
 * not tell apart names differing only in case (Windows, macOS by default), two entries such as {@code Report.json}
 * and {@code report.json} would become one file: the file system itself says so, by refusing to create the second
 * anew, or by finding a folder already there that this writer never made; both names are then reported (exit 6).
 * So this holds nothing per file, and nothing of a refused export leaves the staging folder.
 */
public final class TreeWriter implements EntrySink {
    private final Path root;
    private final Permissions permissions;
    private final boolean windows;
    private final List<Path> directories = new ArrayList<>();
    private final List<Long> directoryTimes = new ArrayList<>();
    /**
     * Every folder made under the root, by its path as the entries spell it: forced to disk at the end, and told
     * apart from a folder of another spelling that the file system takes for the same. Entries are opened in
     * order, on one thread.
     */
    private final Map<String, Path> created = new HashMap<>();

    private final FileSync sync;
    private final SyncStage syncStage;

    public TreeWriter(Path root, Permissions permissions) {
        this(root, permissions, FileSync.SYSTEM);
    }

    TreeWriter(Path root, Permissions permissions, FileSync sync) {
        this.root = root.toAbsolutePath().normalize();
        this.permissions = permissions;
        this.sync = sync;
        this.syncStage = new SyncStage(sync);
        this.windows = root.getFileSystem().getSeparator().equals("\\");
    }

    /** Each file's stream is its own, and {@link #fileDone} has nothing left to do. */
    @Override
    public boolean acceptsConcurrentFiles() {
        return true;
    }

    @Override
    public void directory(String path, long modifiedMillis) throws IOException {
        Path dir = makeFolders(path, path);
        if (modifiedMillis >= 0) {
            directories.add(dir);
            directoryTimes.add(modifiedMillis);
        }
    }

    @Override
    public OutputStream openFile(String path, long modifiedMillis) throws IOException {
        syncStage.rethrowFailure();
        Path file = resolve(path);
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            makeFolders(path.substring(0, slash), path);
        }
        try {
            FileChannel channel =
                    permissions.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            return syncStage.stream(channel, file, path, modifiedMillis);
        } catch (FileAlreadyExistsException e) {
            throw alreadyThere(path, file, path, "twice (or as a file and a folder)");
        } catch (IOException e) {
            throw OutputException.of("cannot create " + path, e);
        }
    }

    /**
     * Makes the folder {@code spelled} (a trailing slash allowed) and those above it that this writer has not made
     * yet, from the top, for the entry {@code entry}.
     */
    private Path makeFolders(String spelled, String entry) throws IOException {
        String path = spelled.endsWith("/") ? spelled.substring(0, spelled.length() - 1) : spelled;
        Path known = created.get(path);
        if (known != null) {
            return known;
        }
        for (int slash = path.indexOf('/'); ; slash = path.indexOf('/', slash + 1)) {
            String folder = slash < 0 ? path : path.substring(0, slash);
            Path dir = created.get(folder);
            if (dir == null) {
                dir = makeFolder(folder, entry);
            }
            if (slash < 0) {
                return dir;
            }
        }
    }

    private Path makeFolder(String path, String entry) throws IOException {
        Path dir = resolve(path);
        try {
            permissions.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw alreadyThere(path, dir, entry, "both as a file and as a folder");
        } catch (IOException e) {
            throw OutputException.of("cannot create folder " + path, e);
        }
        created.put(path, dir);
        return dir;
    }

    /**
     * What to say when {@code path} (the entry {@code entry} or a folder above it) cannot be created because its
     * name is taken: by an earlier entry of another spelling that this file system takes for the same name (case,
     * or Unicode normalisation on macOS), or by the same name as another kind of entry, or twice.
     */
    private IOException alreadyThere(String path, Path onDisk, String entry, String twice) throws IOException {
        String other = spellingOnDisk(onDisk, path.substring(path.lastIndexOf('/') + 1));
        if (other != null) {
            int slash = path.lastIndexOf('/');
            String taken = slash < 0 ? other : path.substring(0, slash + 1) + other;
            return new UnsafeContentException("archive entries " + Untrusted.quoted(taken) + " and "
                    + Untrusted.quoted(entry) + " collide: this file system does not tell apart names that "
                    + "differ only in case, so they would be one file or folder; extract on a case-sensitive file "
                    + "system, or leave one of them out with --exclude");
        }
        return new CorruptInputException("the archive holds " + path + " " + twice);
    }

    /**
     * The name under which the folder of {@code path} holds it, when that differs from the entry's own spelling
     * {@code name} (compared as the archive spells it: a path's own string may already be normalised).
     */
    private static String spellingOnDisk(Path path, String name) throws IOException {
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(path.getParent())) {
            for (Path sibling : siblings) {
                String spelling = sibling.getFileName().toString();
                if (!spelling.equals(name) && Files.isSameFile(sibling, path)) {
                    return spelling;
                }
            }
        } catch (IOException e) {
            throw OutputException.of("cannot read " + path.getParent(), e);
        }
        return null;
    }

    /** The file's time was set as its stream closed, before the file was forced to disk (see {@link SyncStage}). */
    @Override
    public void fileDone(String path) {}

    @Override
    public void finish() throws IOException {
        syncStage.await();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < directories.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> directories.get(i).getNameCount())
                .reversed());
        for (int i : order) {
            setTime(directories.get(i), directoryTimes.get(i));
        }
        List<Path> folders = new ArrayList<>(created.values());
        folders.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path folder : folders) {
            try {
                sync.directory(folder);
            } catch (IOException e) {
                throw OutputException.of("cannot force folder " + root.relativize(folder) + " to disk", e);
            }
        }
    }

    /** Stops the sync thread; after a failure, before the staging folder is deleted. */
    @Override
    public void close() {
        syncStage.close();
    }

    private static void setTime(Path path, long millis) throws IOException {
        try {
            Files.setLastModifiedTime(path, FileTime.fromMillis(millis));
        } catch (IOException e) {
            throw OutputException.of("cannot set the time of " + path, e);
        }
    }

    /**
     * The path of a (validated) entry under the root; refuses anything that would leave it, and on Windows names it
     * cannot hold (before they reach the file system, which would take {@code nul} for the device).
     */
    private Path resolve(String relative) throws UnsafeContentException {
        String windowsProblem = windows ? WindowsNames.problem(relative) : null;
        if (windowsProblem != null) {
            throw new UnsafeContentException("archive entry " + Untrusted.quoted(relative) + " cannot be "
                    + "written on Windows: " + windowsProblem);
        }
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new UnsafeContentException("archive entry escapes the destination: " + relative);
        }
        return resolved;
    }
}
