package org.cddsdecrypt.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.UnsafeContentException;
import org.cddsdecrypt.keys.KeyLoader;
import org.cddsdecrypt.keys.PassphraseSource;
import org.cddsdecrypt.output.Permissions;
import org.cddsdecrypt.output.TreeMarker;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.testing.OtherFileSystems;
import org.cddsdecrypt.testing.Trees;
import org.cddsdecrypt.zip.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whole extractions, parts read from and trees written to in-memory file systems like Windows' and macOS's: the
 * bundled demo export comes out whole, and an export with names that such a file system cannot hold apart (or
 * Windows cannot hold at all) is refused with exit 6, naming the entries, leaving nothing behind.
 */
class ExtractOnOtherFileSystemsTest {
    static final Path DEMO = Path.of("testdata", "demo");
    static final String PLAIN_EXPORT = "export-11111111-2222-4333-8444-555555555555.zip";

    private FileSystem fs;

    @AfterEach
    void closeFileSystem() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    private Path folder(OtherFileSystems kind, String name) throws IOException {
        if (fs == null) {
            fs = kind.create();
        }
        return Files.createDirectories(fs.getPath("").toAbsolutePath().resolve(name));
    }

    private static ExportReader reader() {
        return new ExportReader(
                new DecryptingPartOpener(() ->
                        new KeyLoader(PassphraseSource.none(), w -> {}).load(List.of(DEMO.resolve("demo-key.pem")))),
                Limits.defaults());
    }

    @ParameterizedTest
    @EnumSource(OtherFileSystems.class)
    void theDemoExportIsExtractedWhole(OtherFileSystems kind) throws Exception {
        Path inbox = folder(kind, "Downloads");
        try (var parts = Files.newDirectoryStream(DEMO, "*.smime")) {
            for (Path part : parts) {
                Files.copy(part, inbox.resolve(part.getFileName().toString()));
            }
        }
        Path dest = folder(kind, "exports").resolve("demo");
        ExportSet set = ExportSet.of(inbox.resolve("export-2b710a2c-0e7f-4918-983c-c02d108eaeb0.z01.smime"));

        reader().extractTree(set, dest, false, Permissions.OWNER_ONLY);

        TreeMap<String, String> shape = Trees.shape(dest);
        assertEquals("file", shape.remove(TreeMarker.NAME));
        assertEquals(Trees.shape(DEMO.resolve("expected")), shape);
        for (Map.Entry<String, String> e : shape.entrySet()) {
            if (e.getValue().equals("file")) {
                assertTrue(
                        java.util.Arrays.equals(
                                Files.readAllBytes(DEMO.resolve("expected").resolve(e.getKey())),
                                Files.readAllBytes(dest.resolve(e.getKey()))),
                        e.getKey());
            }
        }
        assertEquals(List.of("demo"), Trees.names(dest.getParent()), "no staging folder left beside it");
    }

    @ParameterizedTest
    @EnumSource(OtherFileSystems.class)
    void entriesThatCollideWhereCaseIsIgnoredAreRefusedLeavingNothing(OtherFileSystems kind) throws Exception {
        Path inbox = folder(kind, "Downloads");
        Path part = OtherFileSystems.zip(
                inbox.resolve(PLAIN_EXPORT),
                "ContactHistory/",
                "ContactHistory/Report.json",
                "ContactHistory/a.jsonl",
                "ContactHistory/report.json");
        Path exports = folder(kind, "exports");
        Path dest = exports.resolve("out");

        if (kind.ignoresCase()) {
            UnsafeContentException e = assertThrows(
                    UnsafeContentException.class,
                    () -> reader().extractTree(ExportSet.of(part), dest, false, Permissions.OWNER_ONLY));
            assertEquals(ExitCode.UNSAFE, e.exitCode());
            assertTrue(
                    e.getMessage().contains("\"ContactHistory/Report.json\" and \"ContactHistory/report.json\""),
                    e.getMessage());
            assertEquals(List.of(), Trees.names(exports), "nothing left behind");
        } else {
            reader().extractTree(ExportSet.of(part), dest, false, Permissions.OWNER_ONLY);
            assertEquals(List.of("Report.json", "a.jsonl", "report.json"), Trees.names(dest.resolve("ContactHistory")));
        }
    }

    @ParameterizedTest
    @EnumSource(OtherFileSystems.class)
    void namesWindowsCannotHoldAreRefusedThereLeavingNothing(OtherFileSystems kind) throws Exception {
        Path inbox = folder(kind, "Downloads");
        Path part = OtherFileSystems.zip(inbox.resolve(PLAIN_EXPORT), "data/a.jsonl", "data/aux.json");
        Path exports = folder(kind, "exports");
        Path dest = exports.resolve("out");

        if (kind.isWindows()) {
            UnsafeContentException e = assertThrows(
                    UnsafeContentException.class,
                    () -> reader().extractTree(ExportSet.of(part), dest, false, Permissions.OWNER_ONLY));
            assertEquals(ExitCode.UNSAFE, e.exitCode());
            assertTrue(e.getMessage().contains("\"data/aux.json\""), e.getMessage());
            assertEquals(List.of(), Trees.names(exports), "nothing left behind");
        } else {
            reader().extractTree(ExportSet.of(part), dest, false, Permissions.OWNER_ONLY);
            assertEquals(List.of("a.jsonl", "aux.json"), Trees.names(dest.resolve("data")));
        }
    }
}
