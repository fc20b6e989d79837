package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.UnsafeContentException;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeWriterTest {
    @TempDir
    Path tmp;

    @Test
    void writesOwnerOnlyFilesAndFoldersWithTheirTimes() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        TreeWriter w = new TreeWriter(root, Permissions.OWNER_ONLY);
        long dirTime = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
        long fileTime = Instant.parse("2026-01-02T03:04:06Z").toEpochMilli();
        w.directory("a", dirTime);
        w.directory("a/empty", dirTime);
        try (OutputStream out = w.openFile("a/b/c.txt", fileTime)) { // parent folder created on the way
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        w.fileDone("a/b/c.txt");
        w.finish();

        assertEquals("hello", Files.readString(root.resolve("a/b/c.txt")));
        assertEquals(
                fileTime, Files.getLastModifiedTime(root.resolve("a/b/c.txt")).toMillis());
        // Folder times are set last: writing c.txt into a/ must not leave a/ with the current time.
        assertEquals(dirTime, Files.getLastModifiedTime(root.resolve("a")).toMillis());
        assertEquals(dirTime, Files.getLastModifiedTime(root.resolve("a/empty")).toMillis());
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Trees.assertModes(root, "rw-------", "rwx------");
    }

    @Test
    void duplicateEntryIsAnErrorNotAnOverwrite() throws Exception {
        TreeWriter w = new TreeWriter(tmp, Permissions.OWNER_ONLY);
        try (OutputStream out = w.openFile("x.txt", -1)) {
            out.write('1');
        }
        assertThrows(CorruptInputException.class, () -> w.openFile("x.txt", -1));
        w.finish(); // writing happens on a background thread: finish() waits for it
        w.close();
        assertEquals("1", Files.readString(tmp.resolve("x.txt")));
    }

    @Test
    void refusesPathsOutsideTheRootEvenIfCallersForgetToValidate() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        TreeWriter w = new TreeWriter(root, Permissions.OWNER_ONLY);
        assertThrows(UnsafeContentException.class, () -> w.openFile("../evil.txt", -1));
        assertThrows(UnsafeContentException.class, () -> w.openFile("a/../../evil.txt", -1));
        assertThrows(UnsafeContentException.class, () -> w.directory("..", 0));
        assertThrows(
                UnsafeContentException.class,
                () -> w.openFile(tmp.resolve("evil.txt").toString(), -1));
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
    }
}
