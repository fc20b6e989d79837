package org.cddsdecrypt.batch;

import static org.cddsdecrypt.batch.Inboxes.add;
import static org.cddsdecrypt.batch.Inboxes.name;
import static org.cddsdecrypt.batch.Inboxes.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.ProcessFacts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch} does not trust an {@code OUT/.cdds-decrypt} it did not make: someone who can write OUT could plant
 * a journal that calls an export done (and have {@code --delete-done} delete parts never extracted), or links that
 * steer the lock files.
 */
class BatchStateTrustTest {
    private static final String SINGLE = name("single");

    @TempDir
    Path tmp;

    private Path inbox;
    private Path out;
    private Path state;

    @BeforeEach
    void paths() throws IOException {
        inbox = Files.createDirectory(tmp.resolve("inbox"));
        out = Files.createDirectory(tmp.resolve("out"));
        state = out.resolve(Batch.STATE_FOLDER);
        add(inbox, "single");
    }

    private Cli.Result batch(Object... options) {
        List<Object> args = new ArrayList<>(List.of("batch", "-k", Fixtures.key("rsa.key"), "--out", out));
        args.addAll(List.of(options));
        args.add(inbox);
        return new Cli().run(args.toArray());
    }

    private List<String> inboxNames() {
        return names(inbox);
    }

    /** A journal that records this very download of the single export as done. */
    private void plantJournalSayingDone() throws Exception {
        Files.createDirectory(
                state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ExportSet set = ExportSet.allIn(inbox).get(0);
        Map<String, Journal.Entry> entries = new TreeMap<>();
        entries.put(
                SINGLE,
                new Journal.Entry(SINGLE, Fingerprint.of(set), set.parts().size(), Instant.now()));
        new Journal(state.resolve(Batch.JOURNAL_FILE)).write(entries);
    }

    @Test
    void alreadyDoneWithoutOurTreeNeverDeletesTheParts() throws Exception {
        plantJournalSayingDone();
        Files.createDirectory(out.resolve(SINGLE)); // an empty folder where the tree should be
        List<String> before = inboxNames();

        Cli.Result r = batch("--delete-done");

        assertEquals(0, r.code(), r.toString());
        assertEquals(
                "skipped " + SINGLE + " (already done)",
                r.out().lines().findFirst().orElseThrow());
        assertEquals(before, inboxNames(), "the parts are kept: the tree is not one cdds-decrypt wrote");
        assertEquals(List.of(), names(out.resolve(SINGLE)));
    }

    @Test
    void alreadyDoneWithOurTreeDeletesThePartsLeftByAnEarlierRun() throws Exception {
        assertEquals(0, batch().code());
        assertFalse(inboxNames().isEmpty());

        Cli.Result r = batch("--delete-done");

        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("skipped " + SINGLE + " (already done)"), r.out());
        assertEquals(List.of(), inboxNames(), "the same action is taken once the tree is ours");
    }

    @Test
    void aStateFolderOthersCanWriteStopsTheRun() throws Exception {
        Files.createDirectory(state);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRefused(state + " is writable by other users");
    }

    @Test
    void aJournalOthersCanWriteStopsTheRun() throws Exception {
        plantJournalSayingDone();
        Files.setPosixFilePermissions(state.resolve(Batch.JOURNAL_FILE), PosixFilePermissions.fromString("rw-rw----"));
        assertRefused(state.resolve(Batch.JOURNAL_FILE) + " is writable by other users");
    }

    @Test
    void aStateFolderOwnedByAnotherUserStopsTheRun() throws Exception {
        assumeTrue(ProcessFacts.isRoot(), "only root can give a folder to another user");
        plantJournalSayingDone();
        Files.setOwner(
                state, tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertRefused(state + " is owned by nobody, not by the user running cdds-decrypt");
    }

    @Test
    void aStateFolderThatIsALinkStopsTheRunAndNothingIsWrittenThrough() throws Exception {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(state, elsewhere);
        assertRefused(state + " is a symbolic link");
        assertEquals(List.of(), names(elsewhere));
    }

    @Test
    void aRunLockThatIsALinkStopsTheRun() throws Exception {
        Files.createDirectory(
                state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path victim = Files.writeString(tmp.resolve("victim"), "keep");
        Files.createSymbolicLink(state.resolve(Batch.RUN_LOCK_FILE), victim);
        assertRefused(state.resolve(Batch.RUN_LOCK_FILE) + " is a symbolic link");
        assertEquals("keep", Files.readString(victim));
    }

    @Test
    void anExportLockThatIsALinkIsNotFollowed() throws Exception {
        Path locks = Files.createDirectories(state.resolve(Batch.EXPORT_LOCKS_FOLDER));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(locks, PosixFilePermissions.fromString("rwx------"));
        Path victim = tmp.resolve("created-through-the-link");
        Files.createSymbolicLink(locks.resolve(SINGLE + ".lock"), victim);

        Cli.Result r = batch();

        assertEquals(8, r.code(), r.toString());
        String line = r.out().lines().findFirst().orElseThrow();
        assertTrue(line.startsWith("failed " + SINGLE + ": cannot open the lock file"), line);
        assertTrue(line.endsWith("(exit 7)"), line);
        assertFalse(Files.exists(victim, LinkOption.NOFOLLOW_LINKS), "no file made through the link");
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(state), s.toList(), "nothing extracted");
        }
    }

    private void assertRefused(String reason) {
        List<String> before = inboxNames();
        Cli.Result r = batch("--delete-done");
        assertEquals(7, r.code(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("cdds-decrypt: " + reason), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(before, inboxNames(), "no part deleted");
        assertFalse(Files.exists(out.resolve(SINGLE)), "nothing extracted");
    }
}
