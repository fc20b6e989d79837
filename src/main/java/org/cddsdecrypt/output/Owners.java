package org.cddsdecrypt.output;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import org.cddsdecrypt.error.OutputException;

/**
 * Who owns what: the running user, compared with owners read without following links. The tool only ever deletes
 * or trusts files and folders that this user owns; in a folder that other users can write, anything else may have
 * been planted.
 */
public final class Owners {
    /** Whether an owner on the default file system is the running user. */
    static final Predicate<UserPrincipal> RUNNING_USER = runningUser(FileSystems.getDefault());
    /** The sticky bit of {@code unix:mode}: only an entry's owner may rename or delete it. */
    private static final int STICKY = 01000;

    private Owners() {}

    /** The running user on the default file system, or null where it cannot be told (then nothing is ours). */
    private static final class Current {
        static final UserPrincipal USER = currentUser();
    }

    /**
     * The uid, looked up by number: {@code user.name} can be "?" when the uid has no passwd entry (containers run
     * with arbitrary uids). The JDK has no other way to ask for the uid; Windows falls back to the name.
     */
    private static UserPrincipal currentUser() {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            return lookup.lookupPrincipalByName(Long.toString(new com.sun.security.auth.module.UnixSystem().getUid()));
        } catch (IOException | RuntimeException | LinkageError e) {
            // Not a Unix system: by name below.
        }
        return byName(lookup);
    }

    private static UserPrincipal byName(UserPrincipalLookupService lookup) {
        try {
            return lookup.lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The running user as each other file system names it, looked up once per file system. Weak keys: a closed
     * in-memory file system is not kept alive by having been checked (the user principals hold no reference back).
     */
    private static final Map<FileSystem, Optional<UserPrincipal>> OTHER_FILE_SYSTEMS =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** The running user as {@code fs} names its owners (another provider, e.g. in memory: by name), or null. */
    private static UserPrincipal runningUserOn(FileSystem fs) {
        if (fs == FileSystems.getDefault()) {
            return Current.USER;
        }
        return OTHER_FILE_SYSTEMS.computeIfAbsent(fs, Owners::lookUpRunningUser).orElse(null);
    }

    private static Optional<UserPrincipal> lookUpRunningUser(FileSystem fs) {
        try {
            return Optional.ofNullable(byName(fs.getUserPrincipalLookupService()));
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Whether an owner read on {@code fs} is the running user; an unknown owner (null) is not. */
    static Predicate<UserPrincipal> runningUser(FileSystem fs) {
        return owner -> {
            UserPrincipal me = runningUserOn(fs);
            return owner != null && me != null && me.equals(owner);
        };
    }

    /**
     * For what this process made itself (staging folders, temporary files): where the owner or the user cannot
     * be told (a file system without owners), they are deleted all the same rather than left holding plaintext.
     */
    static Predicate<UserPrincipal> runningUserOrUnknown(FileSystem fs) {
        return owner -> {
            UserPrincipal me = runningUserOn(fs);
            return owner == null || me == null || me.equals(owner);
        };
    }

    /** The owner of {@code path} itself (a link is not followed), or null on a file system without owners. */
    static UserPrincipal ownerOrNull(Path path) throws IOException {
        try {
            return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /** Whether {@code path} itself (a link is not followed) is owned by the running user. */
    public static boolean ownedByMe(Path path) throws IOException {
        return runningUser(path.getFileSystem()).test(ownerOrNull(path));
    }

    /**
     * Refuses a folder or file of the tool's own state (batch journal, locks) that is a link, of the wrong kind,
     * owned by someone else, or writable by group or others: someone else could then steer what the tool trusts.
     * A missing file passes (it will be created).
     */
    public static void requirePrivate(Path path, boolean folder) throws OutputException {
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (UnsupportedOperationException e) {
            return; // no owners or modes to check (Windows): folder permissions there are the user's to set
        } catch (IOException e) {
            throw OutputException.of("cannot read " + path, e);
        }
        String why = null;
        if (attrs.isSymbolicLink()) {
            why = "is a symbolic link";
        } else if (folder ? !attrs.isDirectory() : !attrs.isRegularFile()) {
            why = folder ? "is not a folder" : "is not a regular file";
        } else if (!runningUser(path.getFileSystem()).test(attrs.owner())) {
            why = "is owned by " + attrs.owner().getName() + ", not by the user running cdds-decrypt";
        } else if (attrs.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || attrs.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            why = "is writable by other users (chmod go-w it)";
        }
        if (why != null) {
            throw new OutputException(
                    path + " " + why + ": cdds-decrypt does not trust state that someone else " + "could have written");
        }
    }

    /**
     * Refuses to write into a folder that every user may write without the sticky bit: there anyone can rename
     * the staging folder or the finished tree between the tool's steps, or plant what looks like a leftover.
     * Group-writable folders are accepted (shared team folders are common; the group is trusted as the owner
     * chose it), and so is {@code /tmp} with its sticky bit.
     */
    public static void refuseSharedWithoutSticky(Path folder) throws OutputException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(folder, "unix:mode");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return; // no Unix modes here
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw OutputException.of("cannot read " + folder, e);
        }
        if ((mode & 0002) != 0 && (mode & STICKY) == 0) {
            throw new OutputException(folder + " is writable by every user and has no sticky bit, so others could "
                    + "swap files in it while cdds-decrypt writes: choose a destination in a folder only you can "
                    + "write");
        }
    }
}
