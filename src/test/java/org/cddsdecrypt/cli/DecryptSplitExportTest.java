package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code decrypt} given the last segment of a split export alone says so instead of decrypting it silently. */
class DecryptSplitExportTest {
    private static final Path DEMO = Path.of("testdata/demo").toAbsolutePath();
    private static final String EXPORT = "export-2b710a2c-0e7f-4918-983c-c02d108eaeb0";

    @TempDir
    Path tmp;

    Path key;

    @BeforeEach
    void ownerOnlyKey() throws Exception {
        key = Files.copy(DEMO.resolve("demo-key.pem"), tmp.resolve("demo-key.pem"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void theFinalSegmentAloneIsDecryptedWithAWarningNamingTheOtherParts() {
        Cli.Result r =
                new Cli().run("decrypt", "-k", key, "-o", tmp.resolve("demo.zip"), DEMO.resolve(EXPORT + ".zip.smime"));

        assertEquals(0, r.code(), r.toString());
        assertEquals(
                "cdds-decrypt: warning: " + DEMO.resolve(EXPORT + ".zip.smime") + " is only the last segment of "
                        + "a split export (" + EXPORT + ".z01.smime is beside it): give every part (" + EXPORT
                        + ".*.smime), "
                        + "or use 'extract' for the whole export\n",
                r.err());
        assertTrue(Files.isRegularFile(tmp.resolve("demo.zip")));
    }

    @Test
    void everyPartOrAnUnsplitExportGetsNoWarning() throws Exception {
        Path parts = Files.createDirectory(tmp.resolve("parts"));
        Cli.Result all = new Cli()
                .run(
                        "decrypt",
                        "-q",
                        "-k",
                        key,
                        "-o",
                        parts,
                        DEMO.resolve(EXPORT + ".z01.smime"),
                        DEMO.resolve(EXPORT + ".zip.smime"));
        assertEquals(0, all.code(), all.toString());
        Cli.Result loud = new Cli()
                .run("decrypt", "-k", key, "-o", tmp.resolve("again"), "--force", DEMO.resolve(EXPORT + ".z01.smime"));
        assertEquals("", loud.err(), "a numbered segment alone is not the case warned about");

        Exports.Export single = Exports.get("single");
        Cli.Result unsplit = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        tmp.resolve("single.zip"),
                        single.part(".zip.smime"));
        assertEquals(0, unsplit.code(), unsplit.toString());
        assertEquals("", unsplit.err());
    }
}
