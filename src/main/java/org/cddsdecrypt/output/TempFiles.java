package org.cddsdecrypt.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Temporary files and staging folders of this process, removed by a shutdown hook when the run is interrupted
 * (Ctrl-C, SIGTERM) so that no decrypted data outlives it. A SIGKILL leaves them; the next run clears those.
 */
public final class TempFiles {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::removeAll, "cdds-decrypt-cleanup"));
    }

    private TempFiles() {}

    static void register(Path path) {
        LIVE.add(path);
    }

    static void forget(Path path) {
        LIVE.remove(path);
    }

    private static void removeAll() {
        for (Path path : LIVE) {
            deleteQuietly(path);
        }
    }

    /** Deletes a file or a whole tree, ignoring what cannot be deleted; never follows links. */
    public static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException e) {
            // Best effort: the caller is already failing or cleaning up.
        }
    }

    /** Deletes a file or a whole tree this user owns, never following a link (see {@link SafeDelete}). */
    public static void deleteRecursively(Path path) throws IOException {
        SafeDelete.tree(path, Owners.runningUserOrUnknown(path.getFileSystem()));
    }
}
