package org.cddsdecrypt.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.output.FileSync;
import org.cddsdecrypt.output.TempFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parts of a done export are moved or deleted durably, and across file systems copied before the delete. */
class DonePartsTest {
    @TempDir
    Path tmp;

    /** Records which folders were forced, and whether the part was still in its inbox then. */
    private static final class Recording implements FileSync {
        final List<String> events = new ArrayList<>();
        final Path part;

        Recording(Path part) {
            this.part = part;
        }

        @Override
        public void file(FileChannel channel, Path path) {
            events.add("file " + path);
        }

        @Override
        public void directory(Path folder) {
            events.add("dir " + folder + (Files.exists(part) ? " (part still there)" : ""));
        }
    }

    @Test
    void aDeletedPartsFolderIsForcedAfterTheDelete() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path part = Files.writeString(inbox.resolve("export-1.zip.smime"), "part");
        Recording sync = new Recording(part);

        DoneParts.delete(part, sync);

        assertEquals(List.of("dir " + inbox), sync.events);
    }

    @Test
    void aMoveWithinTheFileSystemIsARenameThenBothFoldersForced() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path done = Files.createDirectory(tmp.resolve("done"));
        Path part = Files.writeString(inbox.resolve("export-1.zip.smime"), "part");
        Recording sync = new Recording(part);

        DoneParts.move(part, done.resolve(part.getFileName()), sync);

        assertEquals(List.of("dir " + done, "dir " + inbox), sync.events);
        assertEquals("part", Files.readString(done.resolve(part.getFileName())));
    }

    @Test
    void aMoveAcrossFileSystemsCopiesForcesAndOnlyThenDeletes() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(
                Files.isDirectory(shm)
                        && Files.isWritable(shm)
                        && !Files.getFileStore(shm).equals(Files.getFileStore(tmp)),
                "needs /dev/shm on another file system than " + tmp);
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path part = Files.write(inbox.resolve("export-1.zip.smime"), new byte[300_000]);
        FileTime downloaded = FileTime.from(Instant.parse("2026-11-20T08:00:00Z"));
        Files.setLastModifiedTime(part, downloaded);
        Path done = Files.createTempDirectory(shm, "cdds-done-");
        try {
            Recording sync = new Recording(part);

            DoneParts.move(part, done.resolve(part.getFileName()), sync);

            Path moved = done.resolve(part.getFileName());
            assertArrayEquals(new byte[300_000], Files.readAllBytes(moved));
            assertEquals(downloaded, Files.getLastModifiedTime(moved), "the time the fingerprint holds is kept");
            assertFalse(Files.exists(part));
            assertEquals(
                    List.of("export-1.zip.smime"),
                    Files.list(done).map(p -> p.getFileName().toString()).toList(),
                    "no temporary copy left");
            assertEquals(List.of("dir " + inbox), sync.events, "the inbox is forced after the delete");
        } finally {
            TempFiles.deleteRecursively(done);
        }
    }

    @Test
    void aFileAlreadyAtTheTargetIsNeverReplaced() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path done = Files.createDirectory(tmp.resolve("done"));
        Path part = Files.writeString(inbox.resolve("export-1.zip.smime"), "new download");
        Path there = Files.writeString(done.resolve("export-1.zip.smime"), "someone's file");

        java.nio.file.FileSystemException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.nio.file.FileSystemException.class, () -> DoneParts.move(part, there, new Recording(part)));

        assertEquals(there + " already exists; move it away", e.getReason());
        assertEquals("someone's file", Files.readString(there));
        assertEquals("new download", Files.readString(part), "the part stays in the inbox");
    }

    @Test
    void aPartAlreadyGoneIsNotAnError() throws IOException {
        Path done = Files.createDirectory(tmp.resolve("done"));
        Recording sync = new Recording(tmp.resolve("gone"));
        DoneParts.move(tmp.resolve("gone"), done.resolve("gone"), sync);
        assertEquals(List.of(), sync.events);
    }
}
