package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of the durable commit, through a recording {@link FileSync}: every file and folder of a tree is forced
 * while it is still staged (nothing at the destination yet), the parent folder after the rename, and a replaced
 * tree is deleted only after that. The strace integration test shows the same on the real system calls.
 */
class DurableCommitTest {
    @TempDir
    Path parent;

    /** One sync: what, of which path, on which thread, and whether the destination existed then. */
    private record Event(String kind, Path path, String thread, boolean published, List<String> beside) {}

    private static final class Recording implements FileSync {
        final List<Event> events = Collections.synchronizedList(new ArrayList<>());
        final Path destination;
        IOException failFiles;

        Recording(Path destination) {
            this.destination = destination;
        }

        @Override
        public void file(FileChannel channel, Path path) throws IOException {
            record("file", path);
            if (failFiles != null) {
                throw failFiles;
            }
            FileSync.SYSTEM.file(channel, path);
        }

        @Override
        public void directory(Path folder) throws IOException {
            record("dir", folder);
            FileSync.SYSTEM.directory(folder);
        }

        private void record(String kind, Path path) {
            events.add(new Event(
                    kind,
                    path,
                    Thread.currentThread().getName(),
                    Files.exists(destination, LinkOption.NOFOLLOW_LINKS),
                    Trees.names(destination.getParent())));
        }

        Set<Path> synced(String kind, Path root, Path destination) {
            Set<Path> paths = new TreeSet<>();
            for (Event e : events) {
                if (e.kind().equals(kind) && e.path().startsWith(root)) {
                    assertFalse(e.published(), e + ": forced after the tree was published");
                    paths.add(destination.resolve(root.relativize(e.path())));
                }
            }
            return paths;
        }
    }

    @Test
    void everyFileAndFolderIsForcedBeforeTheRenameAndTheParentAfter() throws Exception {
        Path dest = parent.resolve("out");
        Recording sync = new Recording(dest);
        Path root;
        try (StagingDirectory staging =
                StagingDirectory.create(dest, false, Permissions.OWNER_ONLY, "export-1", List.of(), sync)) {
            root = staging.root();
            try (TreeWriter tree = new TreeWriter(root, Permissions.OWNER_ONLY, sync)) {
                tree.directory("empty/folder/", 0);
                write(tree, "a/b/c.txt", "deep");
                write(tree, "a/d.txt", "beside");
                write(tree, "top.txt", "top");
                tree.finish();
            }
            staging.commit();
        }

        Set<Path> files = new TreeSet<>();
        Set<Path> folders = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(dest)) {
            walk.forEach(p -> (Files.isDirectory(p) ? folders : files).add(p));
        }
        assertEquals(
                Set.of(
                        dest.resolve("a/b/c.txt"),
                        dest.resolve("a/d.txt"),
                        dest.resolve("top.txt"),
                        dest.resolve(TreeMarker.NAME)),
                files);
        assertEquals(files, sync.synced("file", root, dest), "every file forced while staged");
        assertEquals(folders, sync.synced("dir", root, dest), "every folder forced while staged, the top too");
        for (Event e : sync.events) {
            if (e.kind().equals("file") && !e.path().endsWith(TreeMarker.NAME)) {
                assertEquals("sync", e.thread(), e + ": files are forced on the sync thread as they close");
            }
        }
        Event last = sync.events.get(sync.events.size() - 1);
        assertEquals(
                new Event("dir", parent, last.thread(), true, List.of("out")),
                last,
                "the parent folder is forced last, after the rename");
    }

    @Test
    void foldersMadeForTheDestinationAreForcedIntoTheirParentsToo() throws Exception {
        Path dest = parent.resolve("new/deeper/out");
        Recording sync = new Recording(dest);
        try (StagingDirectory staging =
                StagingDirectory.create(dest, false, Permissions.OWNER_ONLY, "export-1", List.of(), sync)) {
            staging.commit();
        }
        List<Path> folders = sync.events.stream()
                .filter(e -> e.kind().equals("dir"))
                .map(Event::path)
                .toList();
        assertEquals(
                List.of(parent.resolve("new"), parent),
                folders.subList(0, 2),
                "each new folder's name forced into its parent, up to the folder that existed, before extracting");
        assertEquals(parent.resolve("new/deeper"), folders.get(folders.size() - 1), "the parent after the rename");
    }

    @Test
    void aReplacedTreeIsDeletedOnlyOnceTheNewOneIsDurable() throws Exception {
        Path dest = parent.resolve("out");
        try (StagingDirectory staging =
                StagingDirectory.create(dest, false, Permissions.OWNER_ONLY, "export-1", List.of())) {
            Files.writeString(staging.root().resolve("old.txt"), "old");
            staging.commit();
        }
        Recording sync = new Recording(dest);
        try (StagingDirectory staging =
                StagingDirectory.create(dest, true, Permissions.OWNER_ONLY, "export-1", List.of(), sync)) {
            Files.writeString(staging.root().resolve("new.txt"), "new");
            staging.commit();
        }
        Event last = sync.events.get(sync.events.size() - 1);
        assertEquals(parent, last.path());
        assertEquals(
                2,
                last.beside().size(),
                "the old tree still exists, hidden, when the parent is forced: " + last.beside());
        assertTrue(
                last.beside().get(0).startsWith(".out.cdds-old-"), last.beside().toString());
        assertEquals(List.of("out"), Trees.names(parent), "and is gone after the commit");
        assertEquals(List.of(TreeMarker.NAME, "new.txt"), Trees.names(dest));
    }

    @Test
    void aFileThatCannotBeForcedFailsTheRunAndNothingIsPublished() throws Exception {
        Path dest = parent.resolve("out");
        Recording sync = new Recording(dest);
        sync.failFiles = new IOException("Input/output error");
        try (StagingDirectory staging =
                StagingDirectory.create(dest, false, Permissions.OWNER_ONLY, "export-1", List.of(), sync)) {
            try (TreeWriter tree = new TreeWriter(staging.root(), Permissions.OWNER_ONLY, sync)) {
                // The force runs on the sync thread once the file is closed: its failure surfaces at that close or at
                // finish, whichever comes after the sync thread met it.
                IOException e = assertThrows(IOException.class, () -> {
                    write(tree, "a.txt", "data");
                    tree.finish();
                });
                assertTrue(String.valueOf(e.getMessage()).contains("a.txt"), e.toString());
                assertTrue(String.valueOf(e.getMessage()).contains("Input/output error"), e.toString());
            }
        }
        assertEquals(List.of(), Trees.names(parent), "no tree, no staging folder");
    }

    @Test
    void anAtomicFileIsForcedBeforeItsRenameAndItsFolderAfter() throws Exception {
        Path dest = parent.resolve("out.zip");
        Recording sync = new Recording(dest);
        try (AtomicFile file = AtomicFile.create(dest, false, Permissions.OWNER_ONLY, List.of(), sync)) {
            file.stream().write("plain".getBytes(StandardCharsets.US_ASCII));
            file.commit();
        }
        assertEquals(2, sync.events.size(), sync.events.toString());
        Event first = sync.events.get(0);
        assertEquals("file", first.kind());
        assertFalse(first.published(), "the temporary file is forced before the rename");
        assertTrue(first.path().getFileName().toString().startsWith(".out.zip.cdds-tmp-"), first.toString());
        Event second = sync.events.get(1);
        assertEquals("dir", second.kind());
        assertEquals(parent, second.path());
        assertTrue(second.published(), "the folder is forced after the rename");
        assertEquals("plain", Files.readString(dest));
    }

    private static void write(TreeWriter tree, String path, String text) throws IOException {
        try (OutputStream out = tree.openFile(path, 0)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        tree.fileDone(path);
    }
}
