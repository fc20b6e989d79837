package org.cddsdecrypt.batch;

import static org.cddsdecrypt.batch.Inboxes.add;
import static org.cddsdecrypt.batch.Inboxes.assertSameTree;
import static org.cddsdecrypt.batch.Inboxes.leftovers;
import static org.cddsdecrypt.batch.Inboxes.name;
import static org.cddsdecrypt.batch.Inboxes.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.export.DecryptingPartOpener;
import org.cddsdecrypt.export.ExportReader;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.zip.Limits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch package used as a library, over decrypted fixtures (no keys needed). */
class BatchTest {
    static final String PLAIN = name("unsplit-plain");
    static final String PLAIN12 = name("plain12");

    @TempDir
    Path tmp;

    Path inbox;
    Path out;
    final List<Outcome> reported = new ArrayList<>();

    @BeforeEach
    void paths() throws IOException {
        inbox = Files.createDirectory(tmp.resolve("inbox"));
        out = tmp.resolve("out");
    }

    static ExportReader reader() {
        return new ExportReader(
                new DecryptingPartOpener(() -> {
                    throw new KeyException("these tests use decrypted exports");
                }),
                Limits.defaults());
    }

    Summary run(BatchOptions options) throws Exception {
        return new Batch(reader(), options).run(reported::add);
    }

    BatchOptions options() {
        return BatchOptions.of(List.of(inbox), out);
    }

    @Test
    void reportsEachOutcomeAndCountsThem() throws Exception {
        add(inbox, "unsplit-plain");
        add(inbox, "plain12");

        Summary summary = run(options());

        assertEquals(new Summary(2, 0, 0, 0), summary);
        assertEquals(ExitCode.OK, summary.exitCode());
        assertEquals(
                List.of(Outcome.Status.DONE, Outcome.Status.DONE),
                reported.stream().map(Outcome::status).toList());
        Outcome split = reported.get(1); // in name order: export-1515… before export-4444…
        assertEquals(PLAIN12, split.export());
        assertEquals(12, split.parts());
        assertEquals(inbox, split.inbox());
        assertEquals(out.resolve(PLAIN12), split.destination());
        assertSameTree(Fixtures.tree("medium"), out.resolve(PLAIN12));
        assertSameTree(Fixtures.tree("small"), out.resolve(PLAIN));
    }

    @Test
    void anExportClaimedByAnotherRunIsSkippedAndLeftToIt() throws Exception {
        add(inbox, "unsplit-plain");
        Path claimFile = out.resolve(Batch.STATE_FOLDER)
                .resolve(Batch.EXPORT_LOCKS_FOLDER)
                .resolve(PLAIN + ".lock");
        Files.createDirectories(claimFile.getParent());

        try (Locks.Held claim = Locks.tryLock(claimFile)) {
            assertNotNull(claim);
            Summary summary = run(options());
            assertEquals(new Summary(0, 1, 0, 0), summary);
            assertEquals(
                    "skipped " + PLAIN + " (being extracted by another run)",
                    reported.get(0).line());
            assertFalse(Files.exists(out.resolve(PLAIN)));
        }

        reported.clear();
        assertEquals(new Summary(1, 0, 0, 0), run(options()));
        assertEquals(List.of(), leftovers(out));
    }

    @Test
    void aRunWaitsForTheRunLockWhileAnotherUpdatesTheJournal() throws Exception {
        add(inbox, "unsplit-plain");
        Files.createDirectories(out.resolve(Batch.STATE_FOLDER));
        CompletableFuture<Summary> running;
        try (Locks.Held runLock = Locks.tryLock(out.resolve(Batch.STATE_FOLDER).resolve(Batch.RUN_LOCK_FILE))) {
            assertNotNull(runLock);
            running = CompletableFuture.supplyAsync(() -> {
                try {
                    return run(options());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(running.isDone(), "the run waits while the run lock is held");
            assertFalse(Files.exists(out.resolve(PLAIN)));
        }
        assertEquals(new Summary(1, 0, 0, 0), running.get(30, TimeUnit.SECONDS));
    }

    @Test
    void locksExcludeOtherThreadsOfThisProcessUntilReleased() throws Exception {
        Path file = tmp.resolve("a.lock");
        Locks.Held first = Locks.tryLock(file);
        assertNotNull(first);
        assertNull(Locks.tryLock(file));
        assertNull(CompletableFuture.supplyAsync(() -> {
                    try {
                        return Locks.tryLock(file);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .get());
        first.deleteAndRelease();
        assertFalse(Files.exists(file));
        try (Locks.Held again = Locks.tryLock(file)) {
            assertNotNull(again);
        }
    }

    @Test
    void minAgeIsMeasuredFromTheNewestPart() throws Exception {
        add(inbox, "plain12");
        Instant written = Instant.parse("2026-11-25T10:00:00Z");
        Inboxes.touch(inbox, PLAIN12, written.minusSeconds(3600));
        Files.setLastModifiedTime(inbox.resolve(PLAIN12 + ".z07"), FileTime.from(written));
        BatchOptions options = options().withMinAge(Duration.ofMinutes(1));

        Summary early =
                new Batch(reader(), options, Clock.fixed(written.plusSeconds(59), ZoneOffset.UTC)).run(reported::add);

        assertEquals(new Summary(0, 0, 1, 0), early);
        assertEquals(
                "waiting " + PLAIN12 + " (modified less than 1m ago: " + PLAIN12 + ".z07)",
                reported.get(0).line());
        assertEquals(List.of(PLAIN12 + ".z07"), reported.get(0).recent());
        assertFalse(Files.exists(out.resolve(PLAIN12)));

        Summary later =
                new Batch(reader(), options, Clock.fixed(written.plusSeconds(61), ZoneOffset.UTC)).run(reported::add);
        assertEquals(new Summary(1, 0, 0, 0), later);
    }

    @Test
    void anExportWhoseNameWouldBeHiddenUnderOutIsRefused() throws Exception {
        // ".cdds-decrypt.zip" would extract over the state folder itself.
        Inboxes.copy(Inboxes.parts("unsplit-plain").get(0), inbox.resolve(Batch.STATE_FOLDER + ".zip"));

        Summary summary = run(options());

        assertEquals(new Summary(0, 0, 0, 1), summary);
        assertEquals(ExitCode.BATCH_FAILURES, summary.exitCode());
        assertEquals(
                "failed .cdds-decrypt: the export name cannot be a folder name under " + out
                        + ": rename its parts (exit 5)",
                reported.get(0).line());
        // The state folder holds the locks and the record of the failure (reported once), no tree.
        assertEquals(
                List.of(Batch.RUN_LOCK_FILE, Batch.EXPORT_LOCKS_FOLDER, Batch.REPORTED_FILE),
                names(out.resolve(Batch.STATE_FOLDER)));
        assertEquals(List.of(), names(out.resolve(Batch.STATE_FOLDER).resolve(Batch.EXPORT_LOCKS_FOLDER)));
    }

    @Test
    void aMoveDoneFolderThatIsAnInboxIsAUsageError() {
        UsageException e =
                assertThrows(UsageException.class, () -> run(options().withAfterSuccess(AfterSuccess.moveTo(inbox))));
        assertTrue(e.getMessage().contains("is an INBOX"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void afterSuccessIsMoveOrDeleteNeverBoth() {
        assertThrows(IllegalArgumentException.class, () -> new AfterSuccess(Path.of("x"), true));
        assertTrue(AfterSuccess.keep().keepsParts());
        assertFalse(AfterSuccess.deleteParts().keepsParts());
    }

    @Test
    void fingerprintsChangeWithAPartsSizeOrTime() throws Exception {
        add(inbox, "plain12");
        String first = Fingerprint.of(ExportSet.allIn(inbox).get(0));
        assertEquals(first, Fingerprint.of(ExportSet.allIn(inbox).get(0)));

        Path part = inbox.resolve(PLAIN12 + ".z03");
        Files.setLastModifiedTime(
                part, FileTime.fromMillis(Files.getLastModifiedTime(part).toMillis() + 1));
        String touched = Fingerprint.of(ExportSet.allIn(inbox).get(0));
        assertTrue(touched.startsWith("sha256:") && !touched.equals(first), touched);

        FileTime time = Files.getLastModifiedTime(part);
        Files.write(part, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        Files.setLastModifiedTime(part, time);
        assertFalse(Set.of(first, touched)
                .contains(Fingerprint.of(ExportSet.allIn(inbox).get(0))));
    }

    @Test
    void browserDuplicatesAreRecognisedOnlyBesideTheirOriginal() {
        assertTrue(Batch.isBrowserDuplicate("export-x (1)", Set.of("export-x")));
        assertTrue(Batch.isBrowserDuplicate("export-x(12)", Set.of("export-x")));
        assertFalse(Batch.isBrowserDuplicate("export-x (1)", Set.of("export-y")));
        assertFalse(Batch.isBrowserDuplicate("export-x", Set.of("export-x")));
    }

    @Test
    void exportNamesMustBePlainFolderNames() {
        assertTrue(Batch.isUsableFolderName("export-2b71c2c4-0000-4000-8000-000000000000"));
        assertTrue(Batch.isUsableFolderName("export-x (1)"));
        assertFalse(Batch.isUsableFolderName(".cdds-decrypt"));
        assertFalse(Batch.isUsableFolderName(".."));
        assertFalse(Batch.isUsableFolderName("a\tb"));
        assertFalse(Batch.isUsableFolderName(""));
    }

    @Test
    void reportLinesAndSummaries() {
        Path in = Path.of("/in");
        assertEquals(
                "done e -> /out/e",
                Outcome.done("e", in, 1, Path.of("/out/e"), 3, 10).line());
        assertEquals(
                "skipped e (already done)",
                Outcome.skipped("e", in, 1, Path.of("/out/e"), "already done").line());
        assertEquals(
                "waiting e (missing: e.z01.smime, e.zip.smime)",
                Outcome.waitingFor("e", in, 0, List.of("e.z01.smime", "e.zip.smime"))
                        .line());
        assertEquals(
                "failed e: two\nlines".replace("\n", " ") + " (exit 5)",
                Outcome.failed("e", in, 1, null, "two\nlines", ExitCode.BAD_INPUT)
                        .line());
        assertEquals("1 export: 1 done, 0 skipped, 0 waiting, 0 failed", new Summary(1, 0, 0, 0).line());
        assertEquals("4 exports: 2 done, 1 skipped, 1 waiting, 0 failed", new Summary(2, 1, 1, 0).line());
        assertEquals(ExitCode.OK, new Summary(0, 3, 4, 0).exitCode());
        assertEquals(ExitCode.BATCH_FAILURES, new Summary(9, 0, 0, 1).exitCode());
        assertEquals(8, new Summary(9, 0, 0, 1).fields().get("exitCode"));
    }
}
