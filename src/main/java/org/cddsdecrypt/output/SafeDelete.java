package org.cddsdecrypt.output;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Deletes a file or a whole tree without ever following a link, and only what {@code mine} accepts as owner, at
 * every level. {@code Files.walkFileTree} resolves each path by name again, so a folder swapped for a link to the
 * user's own files between two steps (another user can do that in a shared folder) would have the walk delete
 * them. Where the JDK offers a {@link SecureDirectoryStream} (Linux), each folder is opened relative to its
 * parent's open handle with {@code O_NOFOLLOW} and entries are deleted relative to that handle: a swapped-in link
 * cannot be opened, only unlinked. Elsewhere (and on file systems without POSIX owners) each level is checked with {@code NOFOLLOW_LINKS} before it is opened,
 * which narrows that window without closing it.
 */
final class SafeDelete {
    private SafeDelete() {}

    /**
     * Deletes {@code path}; entries {@code mine} does not accept (and the folders holding them) are kept. Where the
     * file system has no owners, {@code mine} is given null.
     */
    static void tree(Path path, Predicate<UserPrincipal> mine) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null) {
            throw new IOException("refusing to delete a file-system root: " + absolute);
        }
        boolean posix = parent.getFileSystem().supportedFileAttributeViews().contains("posix");
        try (DirectoryStream<Path> folder = Files.newDirectoryStream(parent)) {
            if (posix && folder instanceof SecureDirectoryStream<Path> secure) {
                entry(secure, absolute.getFileName(), mine);
                return;
            }
        } catch (NoSuchFileException e) {
            return;
        }
        treeByPath(absolute, mine);
    }

    private static void entry(SecureDirectoryStream<Path> folder, Path name, Predicate<UserPrincipal> mine)
            throws IOException {
        PosixFileAttributes attrs;
        try {
            attrs = folder.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return;
        }
        if (!mine.test(attrs.owner())) {
            return;
        }
        if (!attrs.isDirectory()) {
            folder.deleteFile(name); // a link is removed itself, never its target
            return;
        }
        try (SecureDirectoryStream<Path> child = folder.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            // What was opened may not be what was read above: check the open folder itself.
            if (!mine.test(child.getFileAttributeView(PosixFileAttributeView.class)
                    .readAttributes()
                    .owner())) {
                return;
            }
            List<Path> names = new ArrayList<>();
            for (Path p : child) {
                names.add(p.getFileName());
            }
            for (Path n : names) {
                entry(child, n, mine);
            }
        }
        folder.deleteDirectory(name);
    }

    /** The same without directory handles, as on systems that offer none. */
    static void treeByPath(Path path, Predicate<UserPrincipal> mine) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!mine.test(Owners.ownerOrNull(path))) {
                return;
            }
        } catch (NoSuchFileException e) {
            return;
        }
        if (attrs.isDirectory() && !attrs.isSymbolicLink()) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                entries.forEach(children::add);
            }
            for (Path child : children) {
                treeByPath(child, mine);
            }
        }
        Files.deleteIfExists(path);
    }
}
