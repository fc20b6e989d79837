package org.cddsdecrypt.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.OutputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    @Test
    void aMissingJournalIsEmpty() throws Exception {
        assertTrue(new Journal(dir.resolve("state")).read().isEmpty());
    }

    @Test
    void entriesSurviveARoundTripAsTabSeparatedLines() throws Exception {
        Journal journal = new Journal(dir.resolve("state"));
        Map<String, Journal.Entry> entries = new TreeMap<>();
        Instant t = Instant.parse("2026-11-25T10:00:00.123Z");
        entries.put("export-b", new Journal.Entry("export-b", "sha256:bb", 12, t));
        entries.put("odd\tname\\x", new Journal.Entry("odd\tname\\x", "sha256:aa", 1, t));

        journal.write(entries);

        assertEquals(entries, journal.read());
        assertEquals(
                List.of(
                        Journal.HEADER,
                        "done\texport-b\tsha256:bb\t12\t2026-11-25T10:00:00.123Z",
                        "done\todd\\tname\\\\x\tsha256:aa\t1\t2026-11-25T10:00:00.123Z"),
                Files.readAllLines(dir.resolve("state")));
        assertEquals(List.of("state"), Inboxes.names(dir), "no temporary file is left");
    }

    @Test
    void writingReplacesTheFileWholeAndClearsKilledWritersTempFiles() throws Exception {
        Journal journal = new Journal(dir.resolve("state"));
        // The temporary file of a writer killed mid-write (its pid is not alive).
        Files.writeString(dir.resolve(".state.cdds-tmp-999999999-0123456789ab"), "half a journal");
        journal.write(Map.of());
        assertEquals(List.of("state"), Inboxes.names(dir));
        assertEquals(Journal.HEADER + "\n", Files.readString(dir.resolve("state")));
    }

    @Test
    void aFileThatIsNotAJournalIsReportedNotOverwritten() throws Exception {
        Path file = dir.resolve("state");
        Files.writeString(file, Journal.HEADER + "\ndone\tx\tsha256:aa\tnot-a-number\t2026-11-25T10:00:00Z\n");

        OutputException e = assertThrows(OutputException.class, () -> new Journal(file).read());

        assertEquals(ExitCode.OUTPUT, e.exitCode());
        assertTrue(
                e.getMessage().startsWith(file + " line 2 is not a cdds-decrypt batch journal line"), e.getMessage());
    }

    @Test
    void escapingIsReversible() {
        for (String s : List.of("", "plain", "a\tb", "back\\slash", "\\t literally", "new\nline\r")) {
            assertEquals(s, Journal.unescape(Journal.escape(s)));
            assertTrue(!Journal.escape(s).contains("\t") && !Journal.escape(s).contains("\n"));
        }
    }
}
