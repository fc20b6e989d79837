package org.cddsdecrypt.output;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Collection;
import org.cddsdecrypt.error.OutputException;

/**
 * Folders that are never replaced, with or without {@code --force}: replacing them would pull the ground from under
 * the user (the shell left in a deleted folder) or delete the very parts being read.
 */
final class Destinations {
    private Destinations() {}

    /**
     * Refuses {@code dest} (an existing folder) when it is the current folder or one of its ancestors, the home
     * folder, a file-system root, or holds one of {@code inputs}. Compared by real path, so a link or {@code ..}
     * does not hide them.
     */
    static void refuseProtected(Path given, Path dest, Collection<Path> inputs) throws OutputException {
        Path real;
        try {
            real = dest.toRealPath();
        } catch (IOException e) {
            throw OutputException.of("cannot read " + given, e);
        }
        String what = null;
        if (real.getParent() == null) {
            what = "a file-system root";
        } else if (startsWith(real.getFileSystem().getPath("").toAbsolutePath(), real)) {
            what = "the current folder or one that holds it";
        } else if (isHome(real)) {
            what = "your home folder";
        } else {
            for (Path input : inputs) {
                if (startsWith(input.toAbsolutePath(), real)) {
                    what = "a folder that holds " + input.getFileName() + ", which is being read";
                    break;
                }
            }
        }
        if (what != null) {
            throw new OutputException(given + " is " + what + ": cdds-decrypt never replaces it; choose another -o, "
                    + "e.g. a new folder inside it");
        }
    }

    /** The home folder is one of the default file system; a folder of another (in memory, say) is nobody's home. */
    private static boolean isHome(Path real) {
        FileSystem fs = real.getFileSystem();
        return fs == FileSystems.getDefault()
                && realOrSelf(fs.getPath(System.getProperty("user.home", "/"))).equals(real);
    }

    /** Whether {@code path}, resolved through links, is {@code folder} or lies inside it. */
    private static boolean startsWith(Path path, Path folder) {
        return realOrSelf(path).startsWith(folder);
    }

    private static Path realOrSelf(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.normalize();
        }
    }
}
