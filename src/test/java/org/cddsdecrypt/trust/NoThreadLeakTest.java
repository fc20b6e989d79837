package org.cddsdecrypt.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run, failed or not, leaves no thread behind: batch runs many exports in one JVM, and the fuzz target runs
 * thousands in one (where a leaked writer thread, with its 4 MiB of buffers, per failed export exhausted a 6 GB
 * heap). Found by ExtractFuzzTest.
 */
class NoThreadLeakTest {
    @TempDir
    Path tmp;

    private static Set<Thread> toolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (t.getName().equals("writer") || t.getName().startsWith("inflate")
                        || t.getName().startsWith("cdds-")))
                .filter(t -> !t.getName().equals("cdds-decrypt-cleanup"))
                .collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "extract {0} -> exit {1}")
    @CsvSource({"single, 0", "split12, 0", "missing, 3", "missing-tail, 3", "no-final, 3", "truncated, 5",
        "crc, 5", "traversal, 6", "notsmime, 5"})
    void noThreadOutlivesAnExtraction(String export, int expected) throws Exception {
        Set<Thread> before = toolThreads();
        String uuid = Files.readAllLines(Fixtures.root().resolve("exports").resolve("MANIFEST")).stream()
                .filter(l -> l.startsWith(export + " ")).findFirst().orElseThrow().split(" ")[1];
        Path dir = Fixtures.exportDir(export);
        Path part = Files.exists(dir.resolve("export-" + uuid + ".zip.smime"))
                ? dir.resolve("export-" + uuid + ".zip.smime") : dir.resolve("export-" + uuid + ".z01.smime");
        for (int i = 0; i < 3; i++) {
            Cli.Result r = new Cli().run("extract", "-q", "-k", Fixtures.key("rsa.key"), "-o",
                    tmp.resolve("out-" + i), part);
            assertEquals(expected, r.code(), r::toString);
        }
        long deadline = System.currentTimeMillis() + 5000;
        Set<Thread> leaked;
        do {
            leaked = toolThreads();
            leaked.removeAll(before);
            if (leaked.isEmpty()) {
                break;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        assertEquals(List.of(), leaked.stream().map(Thread::getName).sorted().toList(), "threads left running");
    }
}
