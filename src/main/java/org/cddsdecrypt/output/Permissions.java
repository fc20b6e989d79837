package org.cddsdecrypt.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who may read what the tool creates. Decrypted exports are customers' personal data, so {@link #OWNER_ONLY}
 * creates files and folders that only their owner can use; {@link #UMASK} leaves that to the platform (the process
 * umask, or on Windows the permissions inherited from the folder).
 *
 * <p>How "owner only" is said depends on the file system of the path: where it has POSIX permissions, the mode
 * ({@code rw-------}, {@code rwx------}) is given at creation, so the file is never readable by others for a moment;
 * where it has ACLs instead (Windows), the new file or folder gets an ACL with one entry, full control for its owner,
 * in place of the entries inherited from its parent, before anything is written into it; a folder's entry is
 * inherited by what is created inside it. A file system with neither, or one that refuses the ACL (a FAT drive, a
 * network share), keeps its default permissions: no run fails for want of them (docs/SECURITY.md).
 */
public enum Permissions {
    OWNER_ONLY,
    UMASK;

    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];
    private static final FileAttribute<?>[] FILE_MODE = {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
    };
    private static final FileAttribute<?>[] FOLDER_MODE = {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
    };

    /** {@link #UMASK} when {@code umask} (the commands' --umask), else {@link #OWNER_ONLY}. */
    public static Permissions of(boolean umask) {
        return umask ? UMASK : OWNER_ONLY;
    }

    /** Creates the folder {@code folder} (its parent must exist). */
    public Path createDirectory(Path folder) throws IOException {
        Files.createDirectory(folder, creationAttributes(folder, FOLDER_MODE));
        restrict(folder, true);
        return folder;
    }

    /** Opens {@code file} with {@code options}, which create it (CREATE or CREATE_NEW). */
    public FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        FileChannel channel = FileChannel.open(file, options, creationAttributes(file, FILE_MODE));
        restrict(file, false);
        return channel;
    }

    /** POSIX modes only where the file system has them: elsewhere the JDK refuses them (an exception). */
    private FileAttribute<?>[] creationAttributes(Path path, FileAttribute<?>[] mode) {
        return this == OWNER_ONLY && hasView(path, "posix") ? mode : NONE;
    }

    /** On a file system with ACLs and no POSIX modes, replaces the ACL of {@code created} by owner-only. */
    private void restrict(Path created, boolean folder) {
        if (this != OWNER_ONLY || hasView(created, "posix") || !hasView(created, "acl")) {
            return;
        }
        try {
            AclFileAttributeView acl =
                    Files.getFileAttributeView(created, AclFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            acl.setAcl(List.of(ownerFullControl(acl.getOwner(), folder)));
        } catch (IOException | RuntimeException e) {
            // The platform's default permissions stay: see the class comment.
        }
    }

    /**
     * Full control for {@code owner}; on a folder, inherited by the files and folders created in it. Being
     * explicit, it replaces the entries the new file inherited from its parent.
     */
    private static AclEntry ownerFullControl(UserPrincipal owner, boolean folder) {
        AclEntry.Builder entry = AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class));
        if (folder) {
            entry.setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
        }
        return entry.build();
    }

    private static boolean hasView(Path path, String view) {
        return path.getFileSystem().supportedFileAttributeViews().contains(view);
    }
}
