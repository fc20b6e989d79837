package org.cddsdecrypt.batch;

import static org.cddsdecrypt.batch.Inboxes.add;
import static org.cddsdecrypt.batch.Inboxes.assertSameTree;
import static org.cddsdecrypt.batch.Inboxes.leftovers;
import static org.cddsdecrypt.batch.Inboxes.name;
import static org.cddsdecrypt.batch.Inboxes.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs started together over the same inboxes and OUT, as cron does when a run outlasts its interval. */
class BatchConcurrencyTest {
    /** fixture → the source tree its export holds. */
    static final Map<String, String> EXPORTS = Map.of(
            "single", "small", "split12", "medium", "plain12", "medium", "onepart", "small", "unsplit-plain", "small");

    @TempDir
    Path tmp;

    Path inbox;
    Path out;

    @BeforeEach
    void inbox() throws Exception {
        inbox = Files.createDirectory(tmp.resolve("inbox"));
        out = tmp.resolve("out");
        EXPORTS.keySet().forEach(f -> add(inbox, f));
    }

    List<Object> args() {
        return List.of("batch", "-k", Fixtures.key("rsa.key"), "--out", out, inbox);
    }

    @Test
    void twoThreadsExtractEachExportExactlyOnce() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Cli.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return new Cli().run(args().toArray());
            }));
        }
        List<String> reports = new ArrayList<>();
        for (CompletableFuture<Cli.Result> run : runs) {
            Cli.Result r = run.get(120, TimeUnit.SECONDS);
            assertEquals(0, r.code(), r.toString());
            assertEquals("", r.err());
            reports.add(r.out());
        }
        assertEachDoneOnce(reports);
    }

    @Test
    void twoProcessesExtractEachExportExactlyOnce() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> command = new ArrayList<>(
                    List.of(java, "-cp", System.getProperty("java.class.path"), "org.cddsdecrypt.cli.Main"));
            args().forEach(a -> command.add(a.toString()));
            processes.add(new ProcessBuilder(command)
                    .redirectOutput(tmp.resolve("out-" + i + ".txt").toFile())
                    .redirectError(tmp.resolve("err-" + i + ".txt").toFile())
                    .start());
        }
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            assertTrue(processes.get(i).waitFor(120, TimeUnit.SECONDS), "run " + i + " finished");
            String stdout = Files.readString(tmp.resolve("out-" + i + ".txt"), StandardCharsets.UTF_8);
            String stderr = Files.readString(tmp.resolve("err-" + i + ".txt"), StandardCharsets.UTF_8);
            assertEquals(0, processes.get(i).exitValue(), stdout + stderr);
            assertEquals("", stderr);
            reports.add(stdout);
        }
        assertEachDoneOnce(reports);
    }

    /** Across both reports each export is done once and skipped once; the trees and journal are whole. */
    void assertEachDoneOnce(List<String> reports) throws Exception {
        for (String fixture : EXPORTS.keySet()) {
            String export = name(fixture);
            int done = 0;
            for (String report : reports) {
                List<String> about = report.lines()
                        .filter(l -> l.contains(" " + export + " ") || l.endsWith(" " + export))
                        .toList();
                assertEquals(1, about.size(), report);
                String line = about.get(0);
                if (line.equals("done " + export + " -> " + out.resolve(export))) {
                    done++;
                } else {
                    assertTrue(
                            line.equals("skipped " + export + " (already done)")
                                    || line.equals("skipped " + export + " (being extracted by another run)"),
                            line);
                }
            }
            assertEquals(1, done, export + " in\n" + String.join("\n", reports));
            assertSameTree(Fixtures.tree(EXPORTS.get(fixture)), out.resolve(export));
        }
        int total = 0;
        for (String report : reports) {
            String summary = report.lines().reduce((a, b) -> b).orElseThrow();
            assertTrue(summary.matches("5 exports: \\d done, \\d skipped, 0 waiting, 0 failed"), summary);
            total += Integer.parseInt(summary.split(" ")[2]);
        }
        assertEquals(EXPORTS.size(), total);
        assertEquals(
                EXPORTS.size(),
                new Journal(out.resolve(Batch.STATE_FOLDER).resolve(Batch.JOURNAL_FILE))
                        .read()
                        .size());
        assertEquals(List.of(), leftovers(out));
        assertEquals(EXPORTS.size() + 1, names(out).size());
    }
}
