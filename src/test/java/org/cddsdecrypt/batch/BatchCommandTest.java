package org.cddsdecrypt.batch;

import static org.cddsdecrypt.batch.Inboxes.add;
import static org.cddsdecrypt.batch.Inboxes.assertSameTree;
import static org.cddsdecrypt.batch.Inboxes.leftovers;
import static org.cddsdecrypt.batch.Inboxes.name;
import static org.cddsdecrypt.batch.Inboxes.names;
import static org.cddsdecrypt.batch.Inboxes.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdds-decrypt batch}, run in-process over download folders built from the fixtures. */
class BatchCommandTest {
    static final String SINGLE = name("single");
    static final String SPLIT = name("split12");
    static final String MISSING = name("missing");
    static final String FLIPPED = name("flipped");

    @TempDir
    Path tmp;

    Path inbox;
    Path out;

    @BeforeEach
    void paths() throws IOException {
        inbox = Files.createDirectory(tmp.resolve("inbox"));
        out = tmp.resolve("out");
    }

    /** A complete single export, a complete split one, an incomplete one, a corrupt one, and unrelated files. */
    void standardInbox() throws IOException {
        add(inbox, "single");
        add(inbox, "split12");
        add(inbox, "missing");
        add(inbox, "flipped");
        // A browser's second copy of the single export, notes, other files, and a part in a subfolder.
        Inboxes.copy(
                Fixtures.exportDir("single").resolve(SINGLE + ".zip.smime"), inbox.resolve(SINGLE + " (1).zip.smime"));
        Files.writeString(inbox.resolve("notes.txt"), "not an export\n");
        Files.writeString(inbox.resolve("photo.jpg"), "jpeg?\n");
        Files.writeString(inbox.resolve("export-notes.zip.txt"), "looks a bit like a part\n");
        Inboxes.copy(
                Inboxes.parts("crc").get(0),
                inbox.resolve("old").resolve(Inboxes.parts("crc").get(0).getFileName()));
    }

    Cli.Result batch(Object... options) {
        List<Object> args = new ArrayList<>(List.of("batch", "-k", Fixtures.key("rsa.key"), "--out", out));
        args.addAll(List.of(options));
        args.add(inbox);
        return new Cli().run(args.toArray());
    }

    static List<String> lines(Cli.Result r) {
        return r.out().lines().toList();
    }

    String doneLine(String export) {
        return "done " + export + " -> " + out.resolve(export);
    }

    String waitingMissingLine() {
        return "waiting " + MISSING + " (missing: " + MISSING + ".z04.smime, " + MISSING + ".z07.smime)";
    }

    static void assertFailedLine(String line, String export, String reason, int code) {
        assertTrue(line.startsWith("failed " + export + ": "), line);
        assertTrue(line.contains(reason), line);
        assertTrue(line.endsWith("(exit " + code + ")"), line);
    }

    /** Only the trees of {@code done}, and the journal and lock: no staging folders, temp files or claims. */
    void assertOutHolds(String... done) {
        List<String> expected = new ArrayList<>(List.of(Batch.STATE_FOLDER));
        expected.addAll(List.of(done));
        expected.sort(null);
        assertEquals(expected, names(out));
        assertEquals(List.of(), leftovers(out));
    }

    Map<String, Journal.Entry> journal() throws Exception {
        return new Journal(out.resolve(Batch.STATE_FOLDER).resolve(Batch.JOURNAL_FILE)).read();
    }

    @Test
    void firstRunExtractsTheCompleteExportsAndReportsTheOthers() throws Exception {
        standardInbox();

        Cli.Result r = batch();

        assertEquals(8, r.code(), r.toString());
        List<String> lines = lines(r);
        assertEquals(5, lines.size(), r.toString());
        assertEquals(doneLine(SINGLE), lines.get(0));
        assertEquals(doneLine(SPLIT), lines.get(1));
        assertEquals(waitingMissingLine(), lines.get(2));
        assertFailedLine(lines.get(3), FLIPPED, "CRC mismatch", 5);
        assertEquals("4 exports: 2 done, 0 skipped, 1 waiting, 1 failed", lines.get(4));
        assertEquals("", r.err());
        assertSameTree(Fixtures.tree("small"), out.resolve(SINGLE));
        assertSameTree(Fixtures.tree("medium"), out.resolve(SPLIT));
        assertOutHolds(SINGLE, SPLIT);
        assertEquals(List.of(SINGLE, SPLIT), List.copyOf(journal().keySet()));
        assertEquals(12, journal().get(SPLIT).parts());
        // The inbox is left as it was: parts stay unless --move-done or --delete-done.
        assertEquals(12 + 1 + 10 + 12 + 5, names(inbox).size());
    }

    @Test
    void rerunRedoesNothingAndLeavesTheTreesUntouched() throws Exception {
        standardInbox();
        batch();
        Map<String, String> single = snapshot(out.resolve(SINGLE));
        Map<String, String> split = snapshot(out.resolve(SPLIT));
        String journalText = Files.readString(out.resolve(".cdds-decrypt/state"));

        Cli.Result r = batch();

        // The corrupt export, unchanged, is not tried again: listed as failed earlier, not counted.
        assertEquals(0, r.code(), r.toString());
        List<String> lines = lines(r);
        assertEquals("skipped " + SINGLE + " (already done)", lines.get(0));
        assertEquals("skipped " + SPLIT + " (already done)", lines.get(1));
        assertEquals(waitingMissingLine(), lines.get(2));
        assertTrue(lines.get(3).startsWith("failed earlier " + FLIPPED + ": CRC mismatch"), lines.get(3));
        assertEquals("4 exports: 0 done, 2 skipped, 1 waiting, 0 failed, 1 failed earlier", lines.get(4));
        assertEquals(single, snapshot(out.resolve(SINGLE)));
        assertEquals(split, snapshot(out.resolve(SPLIT)));
        assertEquals(journalText, Files.readString(out.resolve(".cdds-decrypt/state")));
        assertOutHolds(SINGLE, SPLIT);

        // Once the corrupt export is gone, nothing fails: exit 0 though one export still waits.
        for (Path p : Inboxes.parts("flipped")) {
            Files.delete(inbox.resolve(p.getFileName()));
        }
        r = batch();
        assertEquals(0, r.code(), r.toString());
        assertEquals("3 exports: 0 done, 2 skipped, 1 waiting, 0 failed", lines(r).get(3));
        assertEquals(single, snapshot(out.resolve(SINGLE)));
    }

    @Test
    void theMissingPartsArrivingGetOnlyThatExportDone() throws Exception {
        standardInbox();
        batch();
        Map<String, String> split = snapshot(out.resolve(SPLIT));
        // The "missing" fixture is split12 under another name: its missing segments are split12's.
        for (String n : List.of("z04", "z07")) {
            Inboxes.copy(
                    Fixtures.exportDir("split12").resolve(SPLIT + "." + n + ".smime"),
                    inbox.resolve(MISSING + "." + n + ".smime"));
        }

        Cli.Result r = batch();

        assertEquals(0, r.code(), r.toString());
        List<String> lines = lines(r);
        assertEquals("skipped " + SINGLE + " (already done)", lines.get(0));
        assertEquals("skipped " + SPLIT + " (already done)", lines.get(1));
        assertEquals(doneLine(MISSING), lines.get(2));
        assertTrue(lines.get(3).startsWith("failed earlier " + FLIPPED + ": "), lines.get(3));
        assertEquals("4 exports: 1 done, 2 skipped, 0 waiting, 0 failed, 1 failed earlier", lines.get(4));
        assertSameTree(Fixtures.tree("medium"), out.resolve(MISSING));
        assertEquals(split, snapshot(out.resolve(SPLIT)));
        assertOutHolds(SINGLE, SPLIT, MISSING);
    }

    @Test
    void aMissingTailSegmentFoundOnlyInTheZipDirectoryIsWaitingToo() throws Exception {
        // By names this set looks complete (.z01-.z09 and .zip); the zip's own directory says 12 segments.
        add(inbox, "missing-tail");
        String export = name("missing-tail");

        Cli.Result r = batch();

        assertEquals(0, r.code(), r.toString());
        assertEquals(
                List.of(
                        "waiting " + export + " (missing: " + export + ".z10.smime, " + export + ".z11.smime)",
                        "1 export: 0 done, 0 skipped, 1 waiting, 0 failed"),
                lines(r));
        assertOutHolds();
    }

    @Test
    void aFinalSegmentDownloadedBeforeTheNumberedOnesIsWaitingForThem() throws Exception {
        // Large sets arrive in several downloads; here only the .zip segment of a 12-part set is there yet.
        Inboxes.copy(Fixtures.exportDir("split12").resolve(SPLIT + ".zip.smime"), inbox.resolve(SPLIT + ".zip.smime"));

        Cli.Result r = batch();

        assertEquals(0, r.code(), r.toString());
        List<String> missing = new ArrayList<>();
        for (int n = 1; n <= 11; n++) {
            missing.add(String.format("%s.z%02d.smime", SPLIT, n));
        }
        assertEquals(
                List.of(
                        "waiting " + SPLIT + " (missing: " + String.join(", ", missing) + ")",
                        "1 export: 0 done, 0 skipped, 1 waiting, 0 failed"),
                lines(r));
        assertOutHolds();
    }

    @Test
    void aReDownloadedExportIsExtractedAgainReplacingItsTree() throws Exception {
        add(inbox, "single");
        batch();
        Map<String, String> before = snapshot(out.resolve(SINGLE));
        // A new download of the same export: same name, new file time.
        Inboxes.touch(inbox, SINGLE, Instant.now().plusSeconds(5));

        Cli.Result r = batch();

        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of(doneLine(SINGLE), "1 export: 1 done, 0 skipped, 0 waiting, 0 failed"), lines(r));
        assertSameTree(Fixtures.tree("small"), out.resolve(SINGLE));
        assertNotEquals(before.get(""), snapshot(out.resolve(SINGLE)).get(""), "a new tree replaced the old one");
        assertOutHolds(SINGLE);
        assertEquals("skipped " + SINGLE + " (already done)", lines(batch()).get(0));
    }

    @Test
    void aReDownloadThatFailsKeepsTheOldTreeAndIsReportedOnce() throws Exception {
        add(inbox, "single");
        batch();
        Map<String, String> before = snapshot(out.resolve(SINGLE));
        String journalText = Files.readString(out.resolve(".cdds-decrypt/state"));
        // The new download is corrupt (the crc fixture's content under the single export's name).
        Files.copy(
                Inboxes.parts("crc").get(0),
                inbox.resolve(SINGLE + ".zip.smime"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        // Reported once; the next run neither retries nor repeats it; --retry-failed forces a retry.
        for (String run : List.of("first", "again", "--retry-failed")) {
            Cli.Result r = run.startsWith("--") ? batch(run) : batch();
            if (run.equals("again")) {
                assertEquals(0, r.code(), r.toString());
                assertTrue(lines(r).get(0).startsWith("failed earlier " + SINGLE + ": CRC mismatch"), r.toString());
                assertEquals("1 export: 0 done, 0 skipped, 0 waiting, 0 failed, 1 failed earlier", lines(r).get(1));
            } else {
                assertEquals(8, r.code(), r.toString());
                assertFailedLine(lines(r).get(0), SINGLE, "CRC mismatch", 5);
                assertEquals("1 export: 0 done, 0 skipped, 0 waiting, 1 failed", lines(r).get(1));
            }
            assertEquals(before, snapshot(out.resolve(SINGLE)));
            assertEquals(journalText, Files.readString(out.resolve(".cdds-decrypt/state")));
            assertOutHolds(SINGLE);
        }
    }

    @Test
    void partsYoungerThanMinAgeAreStillDownloading() throws Exception {
        add(inbox, "single");

        Cli.Result r = batch("--min-age", "2h");

        assertEquals(0, r.code(), r.toString());
        assertEquals(
                List.of(
                        "waiting " + SINGLE + " (modified less than 2h ago: " + SINGLE + ".zip.smime)",
                        "1 export: 0 done, 0 skipped, 1 waiting, 0 failed"),
                lines(r));
        assertOutHolds();

        assertEquals("waiting", lines(batch("--min-age", "30m")).get(0).split(" ")[0]);
        Inboxes.touch(inbox, SINGLE, Instant.now().minus(Duration.ofMinutes(31)));
        r = batch("--min-age", "30m");
        assertEquals(List.of(doneLine(SINGLE), "1 export: 1 done, 0 skipped, 0 waiting, 0 failed"), lines(r));
        assertEquals(
                "skipped " + SINGLE + " (already done)",
                lines(batch("--min-age", "10s")).get(0));
    }

    @Test
    void aBadMinAgeIsAUsageError() {
        Cli.Result r = batch("--min-age", "ten minutes");

        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("'ten minutes' is not a duration such as 30s, 10m, 2h or 1d"), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(out));
    }

    @Test
    void moveDoneMovesTheDoneExportsPartsOnly() throws Exception {
        standardInbox();
        Path done = tmp.resolve("done");

        Cli.Result r = batch("--move-done", done);

        assertEquals(8, r.code(), r.toString());
        List<String> moved = new ArrayList<>();
        Inboxes.parts("single").forEach(p -> moved.add(p.getFileName().toString()));
        Inboxes.parts("split12").forEach(p -> moved.add(p.getFileName().toString()));
        moved.sort(null);
        assertEquals(moved, names(done));
        for (String n : moved) {
            assertFalse(Files.exists(inbox.resolve(n)), n);
            Path source = Fixtures.exportDir(n.startsWith(SINGLE) ? "single" : "split12")
                    .resolve(n);
            assertEquals(-1, Files.mismatch(source, done.resolve(n)), n);
        }
        // Waiting and failed exports keep their parts in the inbox.
        assertEquals(
                10 + 12,
                names(inbox).stream()
                        .filter(n -> n.startsWith(MISSING) || n.startsWith(FLIPPED))
                        .count());

        r = batch("--move-done", done);
        assertEquals(List.of(waitingMissingLine()), lines(r).subList(0, 1));
        assertEquals("2 exports: 0 done, 0 skipped, 1 waiting, 0 failed, 1 failed earlier", lines(r).get(2));
        assertOutHolds(SINGLE, SPLIT);
    }

    @Test
    void deleteDoneDeletesTheDoneExportsPartsOnly() throws Exception {
        standardInbox();

        Cli.Result r = batch("--delete-done");

        assertEquals(8, r.code(), r.toString());
        assertTrue(
                names(inbox).stream().noneMatch(n -> n.startsWith(SINGLE + ".") || n.startsWith(SPLIT)),
                names(inbox).toString());
        assertTrue(Files.exists(inbox.resolve(SINGLE + " (1).zip.smime")), "a browser duplicate is not a part");
        assertEquals(
                10 + 12,
                names(inbox).stream()
                        .filter(n -> n.startsWith(MISSING) || n.startsWith(FLIPPED))
                        .count());
        assertSameTree(Fixtures.tree("medium"), out.resolve(SPLIT));
        assertEquals(
                "2 exports: 0 done, 0 skipped, 1 waiting, 0 failed, 1 failed earlier",
                lines(batch("--delete-done")).get(2));
    }

    @Test
    void partsKeptByAnEarlierRunAreMovedWhenAskedLater() throws Exception {
        add(inbox, "single");
        batch();
        Map<String, String> tree = snapshot(out.resolve(SINGLE));
        Path done = tmp.resolve("done");

        Cli.Result r = batch("--json", "--move-done", done);

        assertEquals(0, r.code(), r.toString());
        JsonNode line = new ObjectMapper().readTree(lines(r).get(0));
        assertEquals("skipped", line.get("status").asText());
        assertEquals(done.toString(), line.get("partsMovedTo").asText());
        assertEquals(List.of(SINGLE + ".zip.smime"), names(done));
        assertEquals(tree, snapshot(out.resolve(SINGLE)));
    }

    @Test
    void aMoveThatFailsIsReportedAndTriedAgainOnTheNextRun() throws Exception {
        add(inbox, "single");
        Path notAFolder = Files.writeString(tmp.resolve("done"), "a file where the folder should be\n");

        Cli.Result r = batch("--move-done", notAFolder);

        assertEquals(8, r.code(), r.toString());
        assertFailedLine(
                lines(r).get(0),
                SINGLE,
                "its tree is in " + out.resolve(SINGLE) + ", but cannot create " + notAFolder + ": not a folder",
                7);
        assertTrue(lines(r).get(0).contains("(tried again on the next run)"), lines(r).get(0));
        assertSameTree(Fixtures.tree("small"), out.resolve(SINGLE));
        assertEquals(List.of(SINGLE + ".zip.smime"), names(inbox));
        assertOutHolds(SINGLE);
        Map<String, String> tree = snapshot(out.resolve(SINGLE));

        Files.delete(notAFolder);
        r = batch("--move-done", notAFolder);
        assertEquals(0, r.code(), r.toString());
        assertEquals("skipped " + SINGLE + " (already done)", lines(r).get(0));
        assertEquals(List.of(SINGLE + ".zip.smime"), names(notAFolder));
        assertEquals(List.of(), names(inbox));
        assertEquals(tree, snapshot(out.resolve(SINGLE)));
    }

    @Test
    void moveDoneAndDeleteDoneTogetherAreRefused() {
        add(inbox, "single");

        Cli.Result r = batch("--move-done", tmp.resolve("done"), "--delete-done");

        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(tmp.resolve("done")));
        assertEquals(List.of(SINGLE + ".zip.smime"), names(inbox));
    }

    @Test
    void jsonReportsOneObjectPerLineAndASummary() throws Exception {
        standardInbox();
        Path done = tmp.resolve("done");

        Cli.Result r = batch("--json", "--move-done", done);

        assertEquals(8, r.code(), r.toString());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> objects = new ArrayList<>();
        for (String line : lines(r)) {
            objects.add(json.readTree(line));
        }
        assertEquals(5, objects.size());
        for (JsonNode o : objects) {
            Instant time = Instant.parse(o.get("time").asText());
            assertTrue(Duration.between(time, Instant.now()).abs().compareTo(Duration.ofMinutes(5)) < 0, o.toString());
        }
        JsonNode single = objects.get(0);
        assertEquals("export", single.get("type").asText());
        assertEquals("done", single.get("status").asText());
        assertEquals(SINGLE, single.get("export").asText());
        assertEquals(inbox.toString(), single.get("inbox").asText());
        assertEquals(1, single.get("parts").asInt());
        assertEquals(out.resolve(SINGLE).toString(), single.get("destination").asText());
        assertEquals(done.toString(), single.get("partsMovedTo").asText());
        JsonNode split = objects.get(1);
        assertEquals(12, split.get("parts").asInt());
        assertEquals(
                Inboxes.listing(Fixtures.tree("medium")).size(),
                split.get("entries").asInt());
        assertEquals(12 * 61000, split.get("bytes").asLong(), "the medium tree's bytes");
        JsonNode waiting = objects.get(2);
        assertEquals("waiting", waiting.get("status").asText());
        assertEquals(
                List.of(MISSING + ".z04.smime", MISSING + ".z07.smime"),
                List.of(
                        waiting.get("missing").get(0).asText(),
                        waiting.get("missing").get(1).asText()));
        assertEquals(2, waiting.get("missing").size());
        assertEquals(0, waiting.get("recent").size());
        assertFalse(waiting.has("destination"));
        JsonNode failed = objects.get(3);
        assertEquals("failed", failed.get("status").asText());
        assertEquals(5, failed.get("exitCode").asInt());
        assertTrue(failed.get("reason").asText().contains("CRC mismatch"), failed.toString());
        assertFalse(failed.has("destination"));
        assertFalse(failed.has("partsMovedTo"));
        JsonNode summary = objects.get(4);
        assertEquals("summary", summary.get("type").asText());
        assertEquals(
                List.of(4, 2, 0, 1, 0, 1, 0, 8),
                List.of(
                        summary.get("exports").asInt(),
                        summary.get("done").asInt(),
                        summary.get("skipped").asInt(),
                        summary.get("waiting").asInt(),
                        summary.get("stalled").asInt(),
                        summary.get("failed").asInt(),
                        summary.get("failedEarlier").asInt(),
                        summary.get("exitCode").asInt()));
        // A JSON log on stdout does not hide the failure: it is named on stderr too, and nothing else is there.
        assertEquals(
                List.of("cdds-decrypt: failed " + FLIPPED + ": "
                        + failed.get("reason").asText() + " (exit 5)"),
                r.err().lines().toList());
    }

    @Test
    void quietPrintsOnlyTheFailures() throws Exception {
        standardInbox();

        Cli.Result r = batch("-q");

        assertEquals(8, r.code(), r.toString());
        assertEquals(1, lines(r).size(), r.toString());
        assertFailedLine(lines(r).get(0), FLIPPED, "CRC mismatch", 5);
        assertEquals("", r.err());

        for (Path p : Inboxes.parts("flipped")) {
            Files.delete(inbox.resolve(p.getFileName()));
        }
        r = batch("-q");
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.out() + r.err(), "nothing to say: cron sends no mail");
    }

    @Test
    void verboseAddsTheStackTraceOfEachFailureOnStderr() {
        add(inbox, "crc");

        Cli.Result r = batch("-v");

        assertEquals(8, r.code(), r.toString());
        assertFailedLine(lines(r).get(0), name("crc"), "CRC mismatch", 5);
        assertTrue(r.err().startsWith("org.cddsdecrypt.error.CorruptInputException: "), r.err());
        assertTrue(r.err().contains("\tat org.cddsdecrypt.zip.ZipStreamExtractor"), r.err());
        assertOutHolds();
    }

    @Test
    void keysFromTheEnvironmentAndAPassphraseFromEnvWork() {
        add(inbox, "single");

        Cli.Result r = new Cli()
                .env("CDDS_DECRYPT_KEYS", Fixtures.key("rsa-pkcs8-enc.key").toString())
                .env("KEY_PASS", "secret")
                .run("batch", "--passin", "env:KEY_PASS", "--out", out, inbox);

        assertEquals(0, r.code(), r.toString());
        assertEquals(doneLine(SINGLE), lines(r).get(0));
        assertSameTree(Fixtures.tree("small"), out.resolve(SINGLE));
    }

    @Test
    void anEncryptedKeyWithoutPassinFailsUnderCronWithoutPrompting() throws Exception {
        add(inbox, "single");
        add(inbox, "split12");

        Cli.Result r = new Cli().run("batch", "-k", Fixtures.key("rsa-pkcs8-enc.key"), "--out", out, inbox);

        assertEquals(8, r.code(), r.toString());
        assertFailedLine(lines(r).get(0), SINGLE, "--passin", 4);
        assertFailedLine(lines(r).get(1), SPLIT, "--passin", 4);
        assertEquals("2 exports: 0 done, 0 skipped, 0 waiting, 2 failed", lines(r).get(2));
        assertOutHolds();
        assertTrue(journal().isEmpty());
    }

    @Test
    void aWrongKeyFailsEachEncryptedExportAndTheOthersGoOn() throws Exception {
        add(inbox, "single");
        add(inbox, "split12");
        add(inbox, "plain12"); // decrypted segments need no key

        Cli.Result r = new Cli().run("batch", "-k", Fixtures.key("other.key"), "--out", out, inbox);

        assertEquals(8, r.code(), r.toString());
        List<String> lines = lines(r);
        assertFailedLine(lines.get(0), SINGLE, "no key matches a recipient of " + SINGLE + ".zip.smime", 4);
        assertFailedLine(lines.get(1), SPLIT, "no key matches a recipient of " + SPLIT + ".zip.smime", 4);
        assertEquals(doneLine(name("plain12")), lines.get(2));
        assertEquals("3 exports: 1 done, 0 skipped, 0 waiting, 2 failed", lines.get(3));
        assertOutHolds(name("plain12"));
        assertEquals(List.of(name("plain12")), List.copyOf(journal().keySet()));
    }

    @Test
    void aKeyFailureIsReportedOnceAndTheExportIsDoneOnceTheKeyIsThere() throws Exception {
        add(inbox, "single");
        Path keys = Files.createDirectory(tmp.resolve("keys"));
        Files.copy(Fixtures.key("other.key"), keys.resolve("other.key"));
        String reported = "failed " + SINGLE + ": " + SINGLE + ".zip.smime: no key matches a recipient";

        Cli.Result first = new Cli().run("batch", "-q", "-k", keys, "--out", out, inbox);
        assertEquals(8, first.code(), first.toString());
        assertTrue(first.out().startsWith(reported) && first.out().contains(" (exit 4)"), first.toString());

        // The same parts, the same key: tried again quietly, the failure not repeated (cron sends no mail).
        Cli.Result again = new Cli().run("batch", "-q", "-k", keys, "--out", out, inbox);
        assertEquals(0, again.code(), again.toString());
        assertEquals("", again.out() + again.err());
        assertTrue(lines(new Cli().run("batch", "-k", keys, "--out", out, inbox))
                .get(0)
                .startsWith("failed earlier " + reported.substring("failed ".length())));

        // The right key added to the folder is all it takes: no --retry-failed needed.
        Files.copy(Fixtures.key("rsa.key"), keys.resolve("rsa.key"));
        Cli.Result fixed = new Cli().run("batch", "-k", keys, "--out", out, inbox);
        assertEquals(0, fixed.code(), fixed.toString());
        assertEquals(doneLine(SINGLE), lines(fixed).get(0));
        assertFalse(
                Files.readString(out.resolve(".cdds-decrypt/reported")).contains(SINGLE), "a done export is forgotten");
    }

    @Test
    void aCorruptExportIsNotTriedAgainUntilItIsDownloadedAgain() throws Exception {
        add(inbox, "flipped");
        assertEquals(8, batch("-q").code());
        // Garbage of the same size and time in place of a part: the same download by its fingerprint. Read again,
        // it would fail differently; not read, the line keeps the first reason.
        Path part = inbox.resolve(FLIPPED + ".z03.smime");
        java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(part);
        Files.write(part, new byte[(int) Files.size(part)]);
        Files.setLastModifiedTime(part, time);

        Cli.Result again = batch();
        assertEquals(0, again.code(), again.toString());
        assertTrue(lines(again).get(0).startsWith("failed earlier " + FLIPPED + ": CRC mismatch"), again.toString());
        assertEquals("", batch("-q").out(), "nothing printed with -q");

        // A new download (new file times) is tried again, and reported again.
        Inboxes.touch(inbox, FLIPPED, Instant.now().minus(Duration.ofMinutes(1)));
        Cli.Result newDownload = batch("-q");
        assertEquals(8, newDownload.code(), newDownload.toString());
        assertTrue(lines(newDownload).get(0).startsWith("failed " + FLIPPED + ": "), newDownload.toString());
        assertFalse(lines(newDownload).get(0).contains("CRC mismatch"), "read again: " + newDownload);
    }

    @Test
    void anExportIncompleteLongerThanMaxWaitIsReportedOnceAsStalled() throws Exception {
        add(inbox, "missing");
        add(inbox, "single");
        Inboxes.touch(inbox, MISSING, Instant.now().minus(Duration.ofHours(7)));
        String missing = MISSING + ".z04.smime, " + MISSING + ".z07.smime";

        Cli.Result r = batch("-q", "--max-wait", "6h");

        assertEquals(8, r.code(), r.toString());
        assertEquals("", r.out(), "with -q, stdout stays empty");
        List<String> err = r.err().lines().toList();
        assertEquals(1, err.size(), r.err());
        assertTrue(
                err.get(0)
                        .startsWith("cdds-decrypt: stalled " + MISSING + " (missing: " + missing + "; newest part 7h"),
                err.get(0));

        Cli.Result again = batch("--max-wait", "6h");
        assertEquals(0, again.code(), again.toString());
        assertEquals("", again.err());
        assertTrue(
                lines(again)
                        .get(1)
                        .matches("waiting " + MISSING + " \\(missing: " + missing + "; stalled, "
                                + "reported \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)"),
                again.toString());
        assertEquals(
                "2 exports: 0 done, 1 skipped, 1 waiting, 0 failed",
                lines(again).get(2));

        // Younger than --max-wait: waiting, as without it.
        Cli.Result young = batch("--max-wait", "8h", "--retry-failed");
        assertEquals(0, young.code(), young.toString());
        assertEquals(waitingMissingLine(), lines(young).get(1));
    }

    @Test
    void stalledAndFailedExportsInJsonAreNamedOnStderrAndStdoutHoldsOnlyJson() throws Exception {
        add(inbox, "missing");
        add(inbox, "flipped");
        Inboxes.touch(inbox, MISSING, Instant.now().minus(Duration.ofDays(2)));
        Path key = Files.copy(Fixtures.key("rsa.key"), tmp.resolve("loose.key"));
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        Cli.Result r = new Cli().run("batch", "--json", "-k", key, "--max-wait", "1d", "--out", out, inbox);

        assertEquals(8, r.code(), r.toString());
        ObjectMapper json = new ObjectMapper();
        List<String> statuses = new ArrayList<>();
        for (String line : lines(r)) {
            JsonNode o = json.readTree(line); // every stdout line is JSON: the key warning went to stderr
            statuses.add(
                    o.has("status") ? o.get("status").asText() : o.get("type").asText());
            if (o.get("type").asText().equals("summary")) {
                assertEquals(1, o.get("stalled").asInt());
            }
        }
        assertEquals(List.of("stalled", "failed", "summary"), statuses);
        List<String> err = r.err().lines().toList();
        // In the order they happened: the key is loaded when the first encrypted part is met.
        assertTrue(err.get(0).startsWith("cdds-decrypt: stalled " + MISSING + " (missing: "), r.err());
        assertTrue(err.get(1).startsWith("cdds-decrypt: warning: key file " + key), r.err());
        assertTrue(err.get(2).startsWith("cdds-decrypt: failed " + FLIPPED + ": CRC mismatch"), r.err());
        assertEquals(3, err.size(), r.err());
    }

    @Test
    void maxWaitZeroIsAUsageError() {
        add(inbox, "missing");
        Cli.Result r = batch("--max-wait", "0");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--max-wait"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void noKeyFailsTheEncryptedExportsWithAUsageReason() {
        add(inbox, "single");
        add(inbox, "split12");
        add(inbox, "unsplit-plain");

        Cli.Result r = new Cli().run("batch", "--out", out, inbox);

        assertEquals(8, r.code(), r.toString());
        List<String> lines = lines(r);
        assertFailedLine(lines.get(0), SINGLE, SINGLE + ".zip.smime: no key given: pass -k KEY", 2);
        assertEquals(doneLine(name("unsplit-plain")), lines.get(1));
        assertFailedLine(lines.get(2), SPLIT, SPLIT + ".zip.smime: no key given: pass -k KEY", 2);
        assertOutHolds(name("unsplit-plain"));
    }

    @Test
    void anUnsafeExportFailsAndNothingIsWrittenOutsideOut() throws Exception {
        add(inbox, "traversal");
        add(inbox, "single");

        Cli.Result r = batch();

        assertEquals(8, r.code(), r.toString());
        assertEquals(doneLine(SINGLE), lines(r).get(0));
        assertFailedLine(lines(r).get(1), name("traversal"), "../evil.txt", 6);
        assertOutHolds(SINGLE);
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
        assertFalse(Files.exists(out.resolve("evil.txt")));
    }

    @Test
    void aFolderTheToolDidNotWriteIsNeverReplacedNotEvenWithForce() throws Exception {
        add(inbox, "single");
        Path mine = Files.createDirectories(out.resolve(SINGLE));
        Files.writeString(mine.resolve("mine.txt"), "made by hand\n");

        String reason = out.resolve(SINGLE) + " already exists and was not written by cdds-decrypt, so it is never "
                + "replaced: move it away";
        Cli.Result first = batch();
        assertEquals(8, first.code(), first.toString());
        assertFailedLine(lines(first).get(0), SINGLE, reason, 7);

        // --force, as people try after a failure: the folder is still not ours. The same failure for the same
        // parts is not alerted again (alert once), but it is tried again and it is reported in the summary.
        Cli.Result forced = batch("--force");
        assertEquals(0, forced.code(), forced.toString());
        assertTrue(
                lines(forced).get(0).startsWith("failed earlier " + SINGLE + ": ")
                        && lines(forced).get(0).contains(reason),
                forced.toString());
        assertEquals(List.of("mine.txt"), names(mine));
        assertOutHolds(SINGLE);
        assertTrue(journal().isEmpty());
    }

    @Test
    void aTreeExtractedByHandIsReplacedOnlyWithForce() throws Exception {
        add(inbox, "single");
        Path tree = out.resolve(SINGLE);
        assertEquals(
                0,
                new Cli()
                        .run(
                                "extract",
                                "-q",
                                "-k",
                                Fixtures.key("rsa.key"),
                                "-o",
                                tree,
                                inbox.resolve(SINGLE + ".zip.smime"))
                        .code());
        Files.writeString(tree.resolve("notes.txt"), "added by hand\n");

        Cli.Result r = batch();

        assertEquals(8, r.code(), r.toString());
        assertFailedLine(
                lines(r).get(0),
                SINGLE,
                tree + " already exists and no batch run recorded it: pass --force " + "to replace it, or move it away",
                7);
        assertTrue(names(tree).contains("notes.txt"));
        assertTrue(journal().isEmpty());

        r = batch("--force");
        assertEquals(0, r.code(), r.toString());
        assertEquals(doneLine(SINGLE), lines(r).get(0));
        assertSameTree(Fixtures.tree("small"), tree);
        assertOutHolds(SINGLE);
    }

    @Test
    void theSameExportInTwoInboxesIsRefused() throws Exception {
        Path second = Files.createDirectory(tmp.resolve("second"));
        add(inbox, "single");
        add(second, "single");

        Cli.Result r = new Cli().run("batch", "-k", Fixtures.key("rsa.key"), "--out", out, inbox, second);

        assertEquals(8, r.code(), r.toString());
        assertFailedLine(
                lines(r).get(0),
                SINGLE,
                "found in more than one place: " + inbox + " (encrypted), " + second + " (encrypted); keep one copy",
                2);
        assertOutHolds();
    }

    @Test
    void aMissingInboxStopsTheRunBeforeAnythingIsWritten() {
        Cli.Result r = new Cli().run("batch", "-k", Fixtures.key("rsa.key"), "--out", out, tmp.resolve("nowhere"));

        assertEquals(2, r.code(), r.toString());
        assertEquals(
                "cdds-decrypt: " + tmp.resolve("nowhere") + ": no such folder: INBOX must be a folder where "
                        + "export parts are downloaded\n",
                r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(out));
    }

    @Test
    void anOutThatIsAFileStopsTheRun() throws Exception {
        add(inbox, "single");
        Files.writeString(out, "a file\n");

        Cli.Result r = batch();

        assertEquals(7, r.code(), r.toString());
        assertTrue(r.err().contains(out + " exists and is not a folder"), r.err());
        assertEquals("", r.out());
        assertEquals("a file\n", Files.readString(out));
    }

    @Test
    void aCorruptJournalStopsTheRunAndIsLeftAlone() throws Exception {
        add(inbox, "single");
        Files.createDirectories(out.resolve(".cdds-decrypt"));
        Files.writeString(out.resolve(".cdds-decrypt/state"), "garbage\n");

        Cli.Result r = batch();

        assertEquals(7, r.code(), r.toString());
        assertEquals(
                "cdds-decrypt: " + out.resolve(".cdds-decrypt/state") + " line 1 is not a cdds-decrypt batch "
                        + "journal line (it does not start with \"# cdds-decrypt batch journal 1\"): fix or remove the file "
                        + "(without it, existing trees are not replaced without --force)\n",
                r.err());
        assertEquals("", r.out());
        assertEquals("garbage\n", Files.readString(out.resolve(".cdds-decrypt/state")));
        assertOutHolds();
    }
}
