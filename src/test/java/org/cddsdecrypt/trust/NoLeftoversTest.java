package org.cddsdecrypt.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cddsdecrypt.testing.ChildJvm;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plaintext goes only to the staging folder or the temporary file beside the destination, and neither outlives
 * the run, whether it succeeds or fails.
 */
class NoLeftoversTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "extract {0} -> exit {1}")
    @CsvSource({
        "single, 0",
        "split12, 0",
        "crc, 5",
        "flipped, 5",
        "truncated, 5",
        "traversal, 6",
        "symlink, 6",
        "bomb, 6",
        "missing, 3",
        "notsmime, 5"
    })
    void extractLeavesTheDestinationOrNothing(String export, int expected) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Cli.Result r =
                new Cli().run("extract", "-q", "-k", Fixtures.key("rsa.key"), "-o", out.resolve("dest"), part(export));
        assertEquals(expected, r.code(), r::toString);
        assertEquals(expected == 0 ? List.of("dest") : List.of(), TempTree.names(out), r::toString);
        assertEquals(List.of(), TempTree.leftovers(tmp));
        assertEquals(List.of(), TempTree.leftovers(Fixtures.exportDir(export)), "nothing written beside the parts");
    }

    @ParameterizedTest(name = "decrypt {0} -> exit {1}")
    @CsvSource({
        "aes256.smime, 0",
        "gcm.smime, 0",
        "badpad.smime, 5",
        "truncated.smime, 5",
        "rotated.smime, 4",
        "notsmime.txt, 5"
    })
    void decryptLeavesTheOutputFileOrNothing(String message, int expected) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-q",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        out.resolve("x.zip"),
                        Fixtures.message(message));
        assertEquals(expected, r.code(), r::toString);
        assertEquals(expected == 0 ? List.of("x.zip") : List.of(), TempTree.names(out), r::toString);
    }

    /** A separate JVM whose temporary-file folder is watched: the tool never uses it, on success or failure. */
    @Test
    void nothingGoesToTheSystemTemporaryFolder() throws Exception {
        Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
        Path out = Files.createDirectory(tmp.resolve("out"));
        List<List<Object>> runs = List.of(
                List.of("extract", "-k", Fixtures.key("rsa.key"), "-o", out.resolve("a"), part("split12")),
                List.of("extract", "-k", Fixtures.key("rsa.key"), "-o", out.resolve("b"), part("crc")),
                List.of(
                        "decrypt",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        out.resolve("c.zip"),
                        Fixtures.message("aes256.smime")),
                List.of(
                        "decrypt",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        out.resolve("d.zip"),
                        Fixtures.message("badpad.smime")));
        int[] expected = {0, 5, 0, 5};
        for (int i = 0; i < runs.size(); i++) {
            Process p = new ProcessBuilder(ChildJvm.command(
                            List.of("-Djava.io.tmpdir=" + javaTmp), runs.get(i).toArray()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(expected[i], p.exitValue(), output);
        }
        assertEquals(List.of(), TempTree.names(javaTmp));
        assertEquals(List.of("a", "c.zip"), TempTree.names(out));
    }

    private static Path part(String export) throws Exception {
        String uuid = Files.readAllLines(Fixtures.root().resolve("exports").resolve("MANIFEST")).stream()
                .filter(l -> l.startsWith(export + " "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1];
        Path zip = Fixtures.exportDir(export).resolve("export-" + uuid + ".zip.smime");
        return Files.exists(zip) ? zip : Fixtures.exportDir(export).resolve("export-" + uuid + ".z01.smime");
    }
}
