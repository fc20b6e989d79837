package org.cddsdecrypt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** Tests that need the fixtures are skipped, naming the tool, where make-testdata.sh cannot run. */
class FixturesTest {
    @TempDir
    Path tmp;

    private Path folderWith(String name, String... tools) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve(name));
        for (String tool : tools) {
            Files.writeString(dir.resolve(tool), "#!/bin/sh\n");
            dir.resolve(tool).toFile().setExecutable(true);
        }
        return dir;
    }

    @Test
    void aMissingToolSkipsNamingIt() throws Exception {
        String path = folderWith("bin", "bash", "perl") + File.pathSeparator + folderWith("usr", "openssl.exe");
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> Fixtures.assumeToolsOn(path));
        assertEquals(
                "Assumption failed: the test fixtures need zip, not found on the PATH: scripts/make-testdata.sh "
                        + "makes them with bash, openssl 3, Info-ZIP zip and perl",
                e.getMessage());
    }

    @Test
    void everyToolFoundRunsTheTest() throws Exception {
        Fixtures.assumeToolsOn(folderWith("bin", "bash", "perl", "zip")
                + File.pathSeparator
                + File.pathSeparator
                + folderWith("usr", "openssl.exe"));
    }

    @Test
    void aToolThatCannotBeRunDoesNotCount() throws Exception {
        Path bin = folderWith("bin", "bash", "perl", "openssl");
        Files.writeString(bin.resolve("zip"), "not executable");
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> Fixtures.assumeToolsOn(bin.toString()));
        assertEquals(true, e.getMessage().contains("need zip,"), e.getMessage());
    }
}
