package org.cddsdecrypt.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of failures and stalls already reported: what it keeps, and that damage only costs an alert. */
class ReportedTest {
    @TempDir
    Path tmp;

    @Test
    void recordsReplacesAndForgetsEntriesWithEscapedText() throws Exception {
        Reported reported = new Reported(tmp.resolve("reported"));
        Instant time = Instant.parse("2026-11-30T08:00:00Z");
        Reported.Entry failed = new Reported.Entry(
                Outcome.Status.FAILED, "export-a\tb", "sha256:01", time, 5, "CRC mismatch in \"x\\y\"\nsecond line");
        Reported.Entry stalled = new Reported.Entry(
                Outcome.Status.STALLED, "export-c", "sha256:02", time, 0, "missing: export-c.z02.smime");

        reported.record(failed);
        reported.record(stalled);
        assertEquals(Map.of(failed.export(), failed, stalled.export(), stalled), reported.read());

        Reported.Entry again = new Reported.Entry(Outcome.Status.FAILED, "export-c", "sha256:03", time, 4, "no key");
        reported.record(again);
        reported.forget("export-a\tb");
        assertEquals(Map.of("export-c", again), reported.read());
        assertEquals(
                List.of(Reported.HEADER, "failed\texport-c\tsha256:03\t2026-11-30T08:00:00Z\t4\tno key"),
                Files.readAllLines(tmp.resolve("reported")));
    }

    @Test
    void aDamagedFileIsReadAsFarAsItGoesAndNeverStopsTheRun() throws Exception {
        Path file = tmp.resolve("reported");
        Reported reported = new Reported(file);
        assertEquals(Map.of(), reported.read(), "no file yet");

        Files.writeString(
                file,
                Reported.HEADER + "\n"
                        + "failed\texport-a\tsha256:01\tnot a time\t5\tx\n"
                        + "exploded\texport-b\tsha256:02\t2026-11-30T08:00:00Z\t5\tx\n"
                        + "failed\texport-c\tsha256:03\t2026-11-30T08:00:00Z\t5\n"
                        + "stalled\texport-d\tsha256:04\t2026-11-30T08:00:00Z\t0\tmissing\n");
        assertEquals(List.of("export-d"), List.copyOf(reported.read().keySet()));

        Files.writeString(file, "something else entirely\nfailed\texport-a\tsha256:01\t2026-11-30T08:00:00Z\t5\tx\n");
        assertEquals(Map.of(), reported.read(), "not this file's header: nothing trusted");
    }
}
