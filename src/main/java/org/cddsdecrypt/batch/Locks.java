package org.cddsdecrypt.batch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.output.Permissions;

/**
 * Exclusive locks on files, between processes ({@link FileChannel#tryLock()}, released by the kernel when a process
 * dies) and between threads of this JVM (which file locks do not separate: the JVM holds them, and a second channel
 * on a locked file would throw or, when closed, release the first one's lock).
 */
final class Locks {
    private static final Set<Path> HELD = new HashSet<>();
    private static final long POLL_MILLIS = 25;

    private Locks() {}

    /** A lock held until {@link #close()}. */
    static final class Held implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;
        private boolean released;

        private Held(Path file, FileChannel channel, FileLock lock) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        /**
         * Deletes the lock file, then releases the lock. Safe only when every taker of this lock first holds another
         * lock that the caller holds too, so that nobody opens the file between the two steps.
         */
        void deleteAndRelease() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Left behind, the empty file is reused by the next taker.
            }
            close();
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            try {
                lock.release();
            } catch (IOException e) {
                // Closing the channel releases it as well.
            }
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more to release.
            }
            synchronized (HELD) {
                HELD.remove(file);
                HELD.notifyAll();
            }
        }
    }

    /** The lock on {@code file} (created if needed), or null at once if another process or thread holds it. */
    static Held tryLock(Path file) throws OutputException {
        Path key = file.toAbsolutePath().normalize();
        synchronized (HELD) {
            if (!HELD.add(key)) {
                return null;
            }
        }
        Held held = null;
        try {
            held = open(key);
            return held;
        } finally {
            if (held == null) {
                synchronized (HELD) {
                    HELD.remove(key);
                    HELD.notifyAll();
                }
            }
        }
    }

    /** The lock on {@code file}, waiting for it at most {@code patience}. */
    static Held lock(Path file, Duration patience) throws OutputException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Held held = tryLock(file);
            if (held != null) {
                return held;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new OutputException("another cdds-decrypt run has held " + file + " for more than "
                        + Durations.format(patience) + "; is it stuck?");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OutputException("interrupted while waiting for " + file);
            }
        }
    }

    private static Held open(Path file) throws OutputException {
        FileChannel channel;
        try {
            // Never through a link: the state folder is checked to be the user's own, and this holds if it changes.
            channel = Permissions.OWNER_ONLY.open(
                    file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw OutputException.of("cannot open the lock file " + file, e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Held(file, channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // Held by this JVM through a path this class did not see: treat as held.
        } catch (IOException e) {
            closeQuietly(channel);
            throw OutputException.of("cannot lock " + file, e);
        }
        closeQuietly(channel);
        return null;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was locked.
        }
    }
}
