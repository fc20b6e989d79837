package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cddsdecrypt.output.TreeMarker;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.CliProcess;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders that {@code extract} never replaces, with or without {@code --force}, even when they hold a tree the
 * tool wrote: the current folder and its ancestors, the home folder, and a folder holding the parts. Run in child
 * processes where the working or home folder matters.
 */
class ProtectedDestinationsTest {

    @TempDir
    Path tmp;

    /** A tree the tool wrote at {@code dest}, so that only the protection keeps --force from replacing it. */
    private static Path ourTree(Path dest) {
        Cli.Result r =
                new Cli().runOnPart("extract", Exports.get("single").part(".zip.smime"), "rsa.key", "-q", "-o", dest);
        assertEquals(0, r.code(), r::toString);
        assertTrue(TreeMarker.isOurs(dest));
        return dest;
    }

    private static void assertRefused(Cli.Result r, String what) {
        assertEquals(7, r.code(), r::toString);
        assertTrue(r.err().contains(" is " + what + ": cdds-decrypt never replaces it; choose another -o"), r.err());
        assertFalse(r.err().contains("--force"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    private static List<String> everything(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void theDownloadFolderRunInWithDotIsNeverReplaced() throws Exception {
        Path downloads = Files.createDirectory(tmp.resolve("Downloads"));
        Path part = Files.copy(
                Exports.get("single").part(".zip.smime"),
                downloads.resolve(Exports.get("single").part(".zip.smime").getFileName()));
        Files.writeString(downloads.resolve("holiday.jpg"), "not an export");
        List<String> before = everything(downloads);

        Cli.Result r = new CliProcess()
                .in(downloads)
                .run("extract", "--force", "-k", Fixtures.key("rsa.key"), "-o", ".", part.getFileName());

        assertRefused(r, "the current folder or one that holds it");
        assertEquals(before, everything(downloads));
        assertEquals(List.of("Downloads"), Trees.names(tmp), "no staging folder left beside it");
    }

    @Test
    void anAncestorOfTheCurrentFolderIsNeverReplacedEvenIfOurs() throws Exception {
        Path tree = ourTree(tmp.resolve("tree"));
        Path inside = Files.createDirectory(tree.resolve("inside"));
        List<String> before = everything(tree);

        Cli.Result r = new CliProcess()
                .in(inside)
                .run(
                        "extract",
                        "--force",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        "..",
                        Exports.get("single").part(".zip.smime"));

        assertRefused(r, "the current folder or one that holds it");
        assertEquals(before, everything(tree));
    }

    @Test
    void theHomeFolderIsNeverReplacedEvenIfOurs() throws Exception {
        Path home = ourTree(tmp.resolve("home"));
        List<String> before = everything(home);

        Cli.Result r = new CliProcess()
                .jvmOption("-Duser.home=" + home)
                .run(
                        "extract",
                        "--force",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        home,
                        Exports.get("single").part(".zip.smime"));

        assertRefused(r, "your home folder");
        assertEquals(before, everything(home));
    }

    @Test
    void aFolderHoldingThePartsIsNeverReplacedEvenIfOurs() throws Exception {
        Path folder = ourTree(tmp.resolve("folder"));
        Path part = Files.copy(
                Exports.get("single").part(".zip.smime"),
                folder.resolve(Exports.get("single").part(".zip.smime").getFileName()));
        List<String> before = everything(folder);

        Cli.Result r = new Cli().run("extract", "--force", "-k", Fixtures.key("rsa.key"), "-o", folder, part);

        assertRefused(r, "a folder that holds " + part.getFileName() + ", which is being read");
        assertEquals(before, everything(folder));
    }
}
