package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.testing.ProcessFacts;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingDirectoryTest {
    @TempDir
    Path parent;

    @Test
    void stagesHiddenBesideTheDestinationAndCommitsByRenaming() throws Exception {
        Path dest = parent.resolve("out");
        try (StagingDirectory staging = create(dest, false)) {
            Path root = staging.root();
            assertEquals(parent, root.getParent());
            assertTrue(
                    root.getFileName().toString().matches("\\.out\\.cdds-staging-\\d+-[0-9a-f]+"),
                    root.getFileName().toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
            assertFalse(Files.exists(dest), "nothing at the destination before the commit");
            Files.writeString(root.resolve("a.txt"), "a");
            staging.commit();
        }
        assertEquals("a", Files.readString(dest.resolve("a.txt")));
        assertEquals(java.util.Optional.of("export-1"), TreeMarker.exportOf(dest), "the marker names the export");
        assertEquals(List.of("out"), Trees.names(parent));
    }

    @Test
    void closedWithoutCommitLeavesNothing() throws Exception {
        Path dest = parent.resolve("out");
        try (StagingDirectory staging = create(dest, false)) {
            Files.createDirectories(staging.root().resolve("deep/er"));
            Files.writeString(staging.root().resolve("deep/er/secret.txt"), "personal data");
        }
        assertEquals(List.of(), Trees.names(parent));
    }

    @Test
    void aFolderTheToolDidNotWriteIsNeverReplacedAndForceIsNotSuggested() throws Exception {
        Path dest = Files.createDirectory(parent.resolve("out"));
        Files.writeString(dest.resolve("old.txt"), "old");
        for (boolean force : new boolean[] {false, true}) {
            OutputException e = assertThrows(OutputException.class, () -> create(dest, force));
            assertEquals(ExitCode.OUTPUT, e.exitCode());
            assertFalse(e.getMessage().contains("--force"), e.getMessage());
            assertTrue(e.getMessage().contains("-o " + dest.resolve("export-1")), e.getMessage());
            assertEquals(List.of("out"), Trees.names(parent), "no staging folder made");
            assertEquals(List.of("old.txt"), Trees.names(dest));
        }
    }

    @Test
    void aTreeTheToolWroteIsReplacedOnlyWithForceAndOnlyAtTheCommit() throws Exception {
        Path dest = parent.resolve("out");
        try (StagingDirectory staging = create(dest, false)) {
            Files.writeString(staging.root().resolve("old.txt"), "old");
            staging.commit();
        }
        assertEquals(java.util.Optional.of("export-1"), TreeMarker.exportOf(dest));
        OutputException e = assertThrows(OutputException.class, () -> create(dest, false));
        assertEquals(ExitCode.OUTPUT, e.exitCode());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());

        try (StagingDirectory staging = create(dest, true)) {
            assertEquals("old", Files.readString(dest.resolve("old.txt")), "old tree kept until the commit");
            Files.writeString(staging.root().resolve("new.txt"), "new");
            staging.commit();
        }
        assertEquals(List.of(TreeMarker.NAME, "new.txt"), Trees.names(dest));
        assertEquals(List.of("out"), Trees.names(parent), "the replaced tree is deleted, not left hidden");
    }

    @Test
    void aMarkerThatIsALinkOrSomeoneElsesDoesNotMakeAFolderOurs() throws Exception {
        Path dest = Files.createDirectory(parent.resolve("out"));
        Path real = Files.writeString(parent.resolve("real-marker"), TreeMarker.HEADER + "\nexport export-1\n");
        Files.createSymbolicLink(dest.resolve(TreeMarker.NAME), real);
        assertFalse(TreeMarker.isOurs(dest), "a link to a marker");
        assertThrows(OutputException.class, () -> create(dest, true));
        Files.delete(dest.resolve(TreeMarker.NAME));
        Path marker = Files.copy(real, dest.resolve(TreeMarker.NAME));
        assertTrue(TreeMarker.isOurs(dest), "the same text as a regular file of this user");
        Files.writeString(marker, "some other tool\nexport export-1\n");
        assertFalse(TreeMarker.isOurs(dest), "another header");
        Files.copy(real, marker, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (ProcessFacts.isRoot()) {
            Files.setOwner(
                    marker,
                    parent.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            assertFalse(TreeMarker.isOurs(dest), "a marker owned by another user");
            assertThrows(OutputException.class, () -> create(dest, true));
            assertEquals(List.of(TreeMarker.NAME), Trees.names(dest));
        }
    }

    @Test
    void anArchiveEntryNamedLikeTheMarkerIsRefused() throws Exception {
        Path dest = parent.resolve("out");
        try (StagingDirectory staging = create(dest, false)) {
            Files.writeString(staging.root().resolve(TreeMarker.NAME), "cdds-decrypt tree 1\nexport x\n");
            assertEquals(
                    ExitCode.UNSAFE,
                    assertThrows(org.cddsdecrypt.error.CddsException.class, staging::commit)
                            .exitCode());
        }
        assertEquals(List.of(), Trees.names(parent));
    }

    @Test
    void aForeignFolderAppearingDuringTheExtractionIsNotReplaced() throws Exception {
        Path dest = parent.resolve("out");
        try (StagingDirectory staging = create(dest, true)) {
            Files.writeString(staging.root().resolve("new.txt"), "new");
            Files.createDirectory(dest);
            Files.writeString(dest.resolve("theirs.txt"), "theirs");
            OutputException e = assertThrows(OutputException.class, staging::commit);
            assertFalse(e.getMessage().contains("--force"), e.getMessage());
        }
        assertEquals(List.of("theirs.txt"), Trees.names(dest));
        assertEquals(List.of("out"), Trees.names(parent));
    }

    @Test
    void aFolderHoldingAnInputOrAFileSystemRootIsNeverReplaced() throws Exception {
        Path inbox = Files.createDirectory(parent.resolve("inbox"));
        Path part =
                Files.writeString(Files.createDirectory(inbox.resolve("sub")).resolve("x.zip.smime"), "part");
        Files.writeString(inbox.resolve(TreeMarker.NAME), TreeMarker.HEADER + "\nexport export-1\n");
        OutputException e = assertThrows(
                OutputException.class,
                () -> StagingDirectory.create(inbox, true, Permissions.OWNER_ONLY, "export-1", List.of(part)));
        assertTrue(e.getMessage().contains("x.zip.smime"), e.getMessage());
        assertFalse(e.getMessage().contains("--force"), e.getMessage());
        assertEquals("part", Files.readString(part));
        assertEquals(List.of("inbox"), Trees.names(parent));

        Path root = parent.getRoot();
        e = assertThrows(OutputException.class, () -> create(root, true));
        assertTrue(e.getMessage().contains("root"), e.getMessage());
    }

    @Test
    void aParentEveryoneCanWriteWithoutTheStickyBitIsRefused() throws Exception {
        Path shared = Files.createDirectory(parent.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 0777);
        OutputException e = assertThrows(OutputException.class, () -> create(shared.resolve("out"), false));
        assertTrue(e.getMessage().contains("sticky"), e.getMessage());
        e = assertThrows(
                OutputException.class,
                () -> AtomicFile.create(shared.resolve("out.zip"), false, Permissions.OWNER_ONLY));
        assertTrue(e.getMessage().contains("sticky"), e.getMessage());
        assertEquals(List.of(), Trees.names(shared));

        Files.setAttribute(shared, "unix:mode", 01777);
        try (StagingDirectory staging = create(shared.resolve("out"), false)) {
            staging.commit();
        }
        assertEquals(List.of("out"), Trees.names(shared), "a sticky shared folder, as /tmp, is fine");
    }

    @Test
    void emptyDestinationIsReused() throws Exception {
        Path dest = Files.createDirectory(parent.resolve("out"));
        try (StagingDirectory staging = create(dest, false)) {
            Files.writeString(staging.root().resolve("f"), "x");
            staging.commit();
        }
        assertEquals(List.of(TreeMarker.NAME, "f"), Trees.names(dest));
    }

    private static StagingDirectory create(Path dest, boolean replace) throws OutputException {
        return StagingDirectory.create(dest, replace, Permissions.OWNER_ONLY, "export-1", List.of());
    }

    @Test
    void fileAtTheDestinationIsRefusedEvenWithForce() throws Exception {
        Path dest = Files.writeString(parent.resolve("out"), "a file");
        assertThrows(OutputException.class, () -> create(dest, true));
        assertEquals("a file", Files.readString(dest));
    }

    @Test
    void leftoversOfDeadRunsAreRemovedOthersKept() throws Exception {
        long dead = ProcessFacts.deadPid();
        long alive = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        Path deadStaging = Files.createDirectory(parent.resolve(".out.cdds-staging-" + dead + "-abc123"));
        Files.writeString(deadStaging.resolve("secret.jsonl"), "personal data");
        Path deadOld = Files.createDirectory(parent.resolve(".out.cdds-old-" + dead + "-0f0f0f"));
        Path deadTemp = Files.writeString(parent.resolve(".out.cdds-tmp-" + dead + "-0a0b0c"), "plaintext");
        Path liveStaging = Files.createDirectory(parent.resolve(".out.cdds-staging-" + alive + "-abc123"));
        Path otherDestination = Files.createDirectory(parent.resolve(".other.cdds-staging-" + dead + "-abc123"));
        Path unrelated = Files.createDirectory(parent.resolve(".out.cdds-staging-notapid"));

        Leftovers.remove(parent, "out");

        assertFalse(Files.exists(deadStaging));
        assertFalse(Files.exists(deadTemp));
        assertFalse(Files.exists(deadOld));
        assertTrue(Files.exists(liveStaging), "a running extraction's staging folder must not be touched");
        assertTrue(Files.exists(otherDestination), "only leftovers for this destination are tidied");
        assertTrue(Files.exists(unrelated));
    }

    @Test
    void atomicFileTidiesTheTemporaryFileOfAKilledRun() throws Exception {
        long dead = ProcessFacts.deadPid();
        Path deadTemp = Files.writeString(parent.resolve(".out.zip.cdds-tmp-" + dead + "-0a0b0c"), "plaintext");
        try (AtomicFile file = AtomicFile.create(parent.resolve("out.zip"), false, Permissions.OWNER_ONLY)) {
            file.stream().write(1);
            file.commit();
        }
        assertFalse(Files.exists(deadTemp), "a killed decrypt's temporary file is removed by the next run");
        try (var listing = Files.list(parent)) {
            assertEquals(
                    List.of("out.zip"),
                    listing.map(p -> p.getFileName().toString()).toList());
        }
    }
}
