package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cddsdecrypt.parts.PartName;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.CliProcess;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Part names whose export name is not a plain folder name (issue 12 §2): {@code ...zip.smime} is a part of the
 * export "..", {@code ..zip.smime} of ".". extract without -o would use the name as its destination, the parent
 * or current folder; every command refuses them with exit 5, and nothing is written or replaced.
 */
class ExportNameTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"...zip.smime", "..zip.smime", "....z01.smime"})
    void extractWithoutOutputRefusesADotsName(String fileName) throws Exception {
        Path downloads = Files.createDirectories(tmp.resolve("parent").resolve("downloads"));
        Files.writeString(tmp.resolve("parent").resolve("mine.txt"), "keep");
        Files.copy(UxFixtures.part("single", "zip"), downloads.resolve(fileName));
        for (List<String> force : List.of(List.<String>of(), List.of("--force"))) {
            List<Object> args = new java.util.ArrayList<>(List.of("extract", "-k", UxFixtures.rsaKey()));
            args.addAll(force);
            args.add(fileName);
            Cli.Result r = new CliProcess().in(downloads).run(args.toArray());
            assertEquals(5, r.code(), r::toString);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertTrue(r.err().contains("is not a plain folder name: rename the parts"), r::toString);
            assertEquals(List.of(fileName), Trees.names(downloads));
            assertEquals(List.of("downloads", "mine.txt"), Trees.names(tmp.resolve("parent")));
        }
    }

    @Test
    void everyCommandRefusesIt() throws Exception {
        Path part = Files.copy(UxFixtures.part("single", "zip"), tmp.resolve("...zip.smime"));
        for (String command : List.of("extract", "info", "list", "verify", "cat")) {
            Cli.Result r = new Cli().run(command, "-k", UxFixtures.rsaKey(), part);
            assertEquals(5, r.code(), () -> command + ": " + r);
            assertTrue(
                    r.err().startsWith("cdds-decrypt: the export name \"..\" taken from its part names"), r::toString);
        }
        Cli.Result batch = new Cli().run("batch", "-k", UxFixtures.rsaKey(), "--out", tmp.resolve("out"), tmp);
        assertEquals(8, batch.code(), batch::toString);
        assertTrue(batch.out().contains("failed ..: the export name cannot be a folder name under "), batch::toString);
        assertTrue(batch.out().contains("(exit 5)"), batch::toString);
        assertEquals(List.of(".cdds-decrypt"), Trees.names(tmp.resolve("out")), "no tree written");
    }

    @Test
    void plainNames() {
        assertTrue(PartName.isPlainExportName("export-2b71c2c4-0000-4000-8000-000000000000"));
        assertTrue(PartName.isPlainExportName("export x (1)"));
        assertTrue(PartName.isPlainExportName(".hidden"));
        for (String bad : List.of("", ".", "..", "...", "a/b", "a\\b", "a\u001bb", "a\tb", "a\u0085b", "a\u202eb")) {
            assertFalse(PartName.isPlainExportName(bad), bad);
        }
    }
}
