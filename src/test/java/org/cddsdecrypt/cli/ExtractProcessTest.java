package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.CliProcess;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs a process of its own: the working folder, the umask, the temporary folder. */
class ExtractProcessTest {
    @TempDir
    Path tmp;

    @Test
    void defaultDestinationIsTheExportNameInTheWorkingFolderOwnerOnlyWhateverTheUmask() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        Exports.Export split12 = Exports.get("split12");

        Cli.Result r = new CliProcess()
                .in(work)
                .umask("000")
                .run("extract", "-k", Fixtures.key("rsa.key"), split12.part(".z06.smime"));

        assertEquals(0, r.code(), r::toString);
        assertEquals(split12.name(), r.out().strip());
        assertEquals(List.of(split12.name()), Trees.names(work));
        Path dest = work.resolve(split12.name());
        Trees.assertSameTree(Fixtures.tree("medium"), dest);
        Trees.assertModes(dest, "rw-------", "rwx------");
    }

    @Test
    void umaskOptionFollowsTheProcessUmask() throws Exception {
        Path dest = tmp.resolve("out");
        Cli.Result r = new CliProcess()
                .umask("027")
                .run(
                        "extract",
                        "--umask",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        dest,
                        Exports.get("single").part(".zip.smime"));
        assertEquals(0, r.code(), r::toString);
        Trees.assertSameTree(Fixtures.tree("small"), dest);
        Trees.assertModes(dest, "rw-r-----", "rwxr-x---");
    }

    @Test
    void verifyWritesNothingInTheWorkingOrTemporaryFolder() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path temp = Files.createDirectory(tmp.resolve("temp"));
        Cli.Result r = new CliProcess()
                .in(work)
                .tmpdir(temp)
                .run(
                        "verify",
                        "-k",
                        Fixtures.key("rsa.key"),
                        Exports.get("split12").part(".z01.smime"));
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of(), Trees.names(work));
        assertEquals(List.of(), Trees.names(temp));
    }
}
