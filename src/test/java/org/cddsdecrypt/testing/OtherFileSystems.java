package org.cddsdecrypt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * In-memory file systems that behave like those the tool meets on other platforms (Jimfs): names compared without
 * case (Windows, macOS), a backslash separator and drive roots (Windows), no POSIX permissions (both, as Jimfs
 * makes them), or ACLs and owners (Windows as it really is, for the permission code). Files are owned by a user of
 * the running user's name, as the tool looks its user up on a file system other than the default one.
 */
public enum OtherFileSystems {
    /** Jimfs's Windows: {@code C:\}, case-insensitive, basic attributes only. */
    WINDOWS(Configuration.windows()),
    /** Windows with owners and ACLs, as NTFS has them. */
    WINDOWS_ACL(Configuration.windows().toBuilder()
            .setAttributeViews("basic", "owner", "acl", "dos")
            .build()),
    /** Jimfs's macOS: case-insensitive, Unicode-normalising, basic attributes only. */
    MACOS(Configuration.osX()),
    /** Jimfs's Unix: case-sensitive, basic attributes only. */
    UNIX(Configuration.unix()),
    /** Unix with owners and POSIX permissions, the contrast: modes as on Linux. */
    UNIX_POSIX(Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix", "unix")
            .build());

    private final Configuration configuration;

    OtherFileSystems(Configuration configuration) {
        this.configuration = configuration;
    }

    /** A new file system of this kind; close it after use. */
    public FileSystem create() {
        return Jimfs.newFileSystem(configuration.toBuilder()
                .setDefaultAttributeValue("owner:owner", System.getProperty("user.name"))
                .build());
    }

    /** Whether names differing only in case are the same name here. */
    public boolean ignoresCase() {
        return this != UNIX && this != UNIX_POSIX;
    }

    /** Whether files have owners that the tool can compare with its user. */
    public boolean hasOwners() {
        return this == WINDOWS_ACL || this == UNIX_POSIX;
    }

    public boolean isWindows() {
        return this == WINDOWS || this == WINDOWS_ACL;
    }

    /**
     * Writes a zip (by Commons Compress) holding {@code entries}: names ending in "/" are folders, the others files
     * holding their own name. Saved as a decrypted segment ({@code export-UUID.zip}), it is an export the tool
     * reads without a key.
     */
    public static Path zip(Path file, String... entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (String name : entries) {
                zip.putArchiveEntry(new ZipArchiveEntry(name));
                if (!name.endsWith("/")) {
                    zip.write(name.getBytes(StandardCharsets.UTF_8));
                }
                zip.closeArchiveEntry();
            }
            zip.finish();
            return Files.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that {@code path} and everything under it has one ACL entry: full control for its owner, inherited
     * by what is created in a folder.
     */
    public static void assertOwnerOnlyAcl(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                AclFileAttributeView view =
                        Files.getFileAttributeView(p, AclFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                AclEntry.Builder owner = AclEntry.newBuilder()
                        .setType(AclEntryType.ALLOW)
                        .setPrincipal(view.getOwner())
                        .setPermissions(EnumSet.allOf(AclEntryPermission.class));
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    owner.setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
                }
                assertEquals(List.of(owner.build()), view.getAcl(), "ACL of " + p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
