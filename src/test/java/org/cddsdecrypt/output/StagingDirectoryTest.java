package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.cddsdecrypt.ExitCode;
import org.cddsdecrypt.OutputException;
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
        try (StagingDirectory staging = StagingDirectory.create(dest, false, Permissions.OWNER_ONLY)) {
            Path root = staging.root();
            assertEquals(parent, root.getParent());
            assertTrue(root.getFileName().toString().matches("\\.out\\.cdds-staging-\\d+-[0-9a-f]+"),
                    root.getFileName().toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
            assertFalse(Files.exists(dest), "nothing at the destination before the commit");
            Files.writeString(root.resolve("a.txt"), "a");
            staging.commit();
        }
        assertEquals("a", Files.readString(dest.resolve("a.txt")));
        assertEquals(List.of("out"), Trees.names(parent));
    }

    @Test
    void closedWithoutCommitLeavesNothing() throws Exception {
        Path dest = parent.resolve("out");
        try (StagingDirectory staging = StagingDirectory.create(dest, false, Permissions.OWNER_ONLY)) {
            Files.createDirectories(staging.root().resolve("deep/er"));
            Files.writeString(staging.root().resolve("deep/er/secret.txt"), "personal data");
        }
        assertEquals(List.of(), Trees.names(parent));
    }

    @Test
    void nonEmptyDestinationIsRefusedUnlessReplacing() throws Exception {
        Path dest = Files.createDirectory(parent.resolve("out"));
        Files.writeString(dest.resolve("old.txt"), "old");
        OutputException e = assertThrows(OutputException.class,
                () -> StagingDirectory.create(dest, false, Permissions.OWNER_ONLY));
        assertEquals(ExitCode.OUTPUT, e.exitCode());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals(List.of("out"), Trees.names(parent), "no staging folder made");

        try (StagingDirectory staging = StagingDirectory.create(dest, true, Permissions.OWNER_ONLY)) {
            assertEquals("old", Files.readString(dest.resolve("old.txt")), "old tree kept until the commit");
            Files.writeString(staging.root().resolve("new.txt"), "new");
            staging.commit();
        }
        assertEquals(List.of("new.txt"), Trees.names(dest));
        assertEquals(List.of("out"), Trees.names(parent), "the replaced tree is deleted, not left hidden");
    }

    @Test
    void emptyDestinationIsReused() throws Exception {
        Path dest = Files.createDirectory(parent.resolve("out"));
        try (StagingDirectory staging = StagingDirectory.create(dest, false, Permissions.OWNER_ONLY)) {
            Files.writeString(staging.root().resolve("f"), "x");
            staging.commit();
        }
        assertEquals(List.of("f"), Trees.names(dest));
    }

    @Test
    void fileAtTheDestinationIsRefusedEvenWithForce() throws Exception {
        Path dest = Files.writeString(parent.resolve("out"), "a file");
        assertThrows(OutputException.class, () -> StagingDirectory.create(dest, true, Permissions.OWNER_ONLY));
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
            assertEquals(List.of("out.zip"), listing.map(p -> p.getFileName().toString()).toList());
        }
    }
}
