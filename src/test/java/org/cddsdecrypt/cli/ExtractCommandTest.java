package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cddsdecrypt.output.TreeMarker;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.ProcessFacts;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code extract} on every good fixture, from different parts, and the rules for the destination. */
class ExtractCommandTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> goodExports() {
        return Stream.of(
                Arguments.of("single", ".zip.smime", "rsa.key"),
                Arguments.of("split12", ".z01.smime", "rsa.key"),
                Arguments.of("split12", ".z07.smime", "rsa.key"),
                Arguments.of("split12", ".zip.smime", "rsa.key"),
                Arguments.of("split100", ".z01.smime", "rsa.key"),
                Arguments.of("split100", ".z50.smime", "rsa.key"),
                Arguments.of("split100", ".z100.smime", "rsa.key"),
                Arguments.of("split100", ".zip.smime", "rsa.key"),
                Arguments.of("plain12", ".z01", null),
                Arguments.of("plain12", ".z07", null),
                Arguments.of("plain12", ".zip", null),
                Arguments.of("mixed-wrap", ".z05.smime", "rsa.key"),
                Arguments.of("mixed-wrap", ".z06.smime", "rsa.key"),
                Arguments.of("mixed-wrap", ".zip.smime", "rsa.key"),
                Arguments.of("ec", ".zip.smime", "ec.key"),
                Arguments.of("gcm", ".zip.smime", "rsa.key"),
                Arguments.of("onepart", ".zip.smime", "rsa.key"),
                Arguments.of("unsplit-plain", ".zip", null),
                // Decrypted parts that are MIME entities around the zip (segment): Base64 or binary bodies.
                Arguments.of("mime-b64", ".zip.smime", "rsa.key"),
                Arguments.of("mime-binary", ".zip.smime", "rsa.key"),
                Arguments.of("mime-split-b64", ".z01.smime", "rsa.key"),
                Arguments.of("mime-split-b64", ".zip.smime", "rsa.key"),
                Arguments.of("mime-split-binary", ".z07.smime", "rsa.key"));
    }

    static Cli.Result extract(Exports.Export export, String suffix, String key, Path dest, String... extra) {
        List<Object> options = new ArrayList<>(List.of(extra));
        options.addAll(List.of("-o", dest));
        return new Cli().runOnPart("extract", export.part(suffix), key, options.toArray());
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("goodExports")
    void extractsTheSourceTreeByteForByte(String fixture, String suffix, String key) throws Exception {
        Exports.Export export = Exports.get(fixture);
        Path dest = tmp.resolve("out");

        Cli.Result r = extract(export, suffix, key, dest);

        assertEquals(0, r.code(), r::toString);
        assertEquals(dest + System.lineSeparator(), r.out(), "stdout names the destination");
        assertEquals("", r.err());
        Trees.assertNotEmpty(dest);
        Trees.assertSameTree(export.treePath(), dest);
        Trees.assertModes(dest, "rw-------", "rwx------");
        assertEquals(List.of("out"), Trees.names(tmp), "no staging folder or other leftovers beside it");
    }

    @Test
    void smallTreeKeepsOddNamesEmptyFilesAndFoldersAndTimes() throws Exception {
        // The checks assertSameTree makes, spelled out on the tree that has the odd cases.
        Path dest = tmp.resolve("out");
        Cli.Result r = extract(Exports.get("single"), ".zip.smime", "rsa.key", dest);
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.readString(dest.resolve("données/été 2026.jsonl")).contains("héllo wörld 5"));
        assertTrue(Files.isRegularFile(dest.resolve("contact history/a b.jsonl")));
        assertEquals(0, Files.size(dest.resolve("empty/zero.jsonl")));
        assertTrue(Files.isDirectory(dest.resolve("emptydir")));
        assertEquals(List.of(), Trees.names(dest.resolve("emptydir")));
        FileTime leapDay = Files.getLastModifiedTime(dest.resolve("empty/zero.jsonl"));
        assertEquals(
                Trees.expectedExtractedTime(FileTime.from(java.time.Instant.parse("2024-02-29T00:00:02Z"))),
                leapDay.toInstant());
    }

    @Test
    void noiseInTheFolderIsNotExtracted() throws Exception {
        // split12/ also holds another export and readme.txt; single/ a browser duplicate and notes.txt.
        Path dest = tmp.resolve("out");
        assertEquals(
                0,
                extract(Exports.get("split12"), ".z03.smime", "rsa.key", dest).code());
        Trees.assertSameTree(Fixtures.tree("medium"), dest);

        Path dup = tmp.resolve("dup");
        Exports.Export single = Exports.get("single");
        Cli.Result r = new Cli()
                .run(
                        "extract",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        dup,
                        single.directory().resolve(single.name() + " (1).zip.smime"));
        assertEquals(0, r.code(), r::toString);
        Trees.assertSameTree(Fixtures.tree("small"), dup);
    }

    @Test
    void umaskOptionDropsOwnerOnlyModes() throws Exception {
        Path dest = tmp.resolve("out");
        Cli.Result r = extract(Exports.get("single"), ".zip.smime", "rsa.key", dest, "--umask");
        assertEquals(0, r.code(), r::toString);
        Trees.assertSameTree(Fixtures.tree("small"), dest);
        // The exact modes under a known umask are checked in ExtractProcessTest; here: not forced to 0600/0700
        // unless this JVM's umask is itself 077.
        int umask = ProcessFacts.umask();
        String file = ProcessFacts.mode(0666 & ~umask);
        String dir = ProcessFacts.mode(0777 & ~umask);
        Trees.assertModes(dest, file, dir);
    }

    @Test
    void aFolderTheToolDidNotWriteIsRefusedEvenWithForceAndUntouched() throws Exception {
        Path dest = Files.createDirectory(tmp.resolve("out"));
        Path mine = Files.writeString(dest.resolve("my-notes.txt"), "do not lose me");
        FileTime before = Files.getLastModifiedTime(mine);

        for (String[] force : new String[][] {{}, {"--force"}}) {
            Cli.Result r = extract(Exports.get("split12"), ".z01.smime", "rsa.key", dest, force);

            assertEquals(7, r.code(), r::toString);
            assertFalse(r.err().contains("--force"), r.err());
            assertTrue(
                    r.err()
                            .contains("choose another -o, e.g. a new folder inside it (-o "
                                    + dest.resolve(Exports.get("split12").name()) + ")"),
                    r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertEquals("", r.out());
            assertEquals(List.of("my-notes.txt"), Trees.names(dest));
            assertEquals("do not lose me", Files.readString(mine));
            assertEquals(before, Files.getLastModifiedTime(mine));
            assertEquals(List.of("out"), Trees.names(tmp));
        }
    }

    @Test
    void aTreeTheToolWroteIsRefusedWithoutForceSuggestingIt() throws Exception {
        Path dest = tmp.resolve("out");
        assertEquals(
                0, extract(Exports.get("single"), ".zip.smime", "rsa.key", dest).code());
        Cli.Result r = extract(Exports.get("single"), ".zip.smime", "rsa.key", dest);
        assertEquals(7, r.code(), r::toString);
        assertTrue(r.err().contains("pass --force to replace it"), r.err());
        Trees.assertSameTree(Fixtures.tree("small"), dest);
    }

    @Test
    void existingEmptyDestinationIsUsed() throws Exception {
        Path dest = Files.createDirectory(tmp.resolve("out"));
        Cli.Result r = extract(Exports.get("single"), ".zip.smime", "rsa.key", dest);
        assertEquals(0, r.code(), r::toString);
        Trees.assertSameTree(Fixtures.tree("small"), dest);
        assertEquals(List.of("out"), Trees.names(tmp));
    }

    @Test
    void forceReplacesAnExistingTreeAfterSuccess() throws Exception {
        Path dest = tmp.resolve("out");
        assertEquals(
                0, extract(Exports.get("single"), ".zip.smime", "rsa.key", dest).code());
        Files.writeString(dest.resolve("stale.txt"), "from last month");
        Files.createDirectories(dest.resolve("interactions/2026/11"));
        Files.writeString(dest.resolve("interactions/2026/11/part-0001.jsonl"), "old content");

        Cli.Result r = extract(Exports.get("single"), ".zip.smime", "rsa.key", dest, "--force");

        assertEquals(0, r.code(), r::toString);
        Trees.assertSameTree(Fixtures.tree("small"), dest);
        assertFalse(Files.exists(dest.resolve("stale.txt")));
        assertEquals(List.of("out"), Trees.names(tmp), "the replaced tree is not left hidden beside it");
    }

    @Test
    void forceKeepsTheOldTreeWhenTheExtractionFails() throws Exception {
        Path dest = tmp.resolve("out");
        assertEquals(
                0, extract(Exports.get("single"), ".zip.smime", "rsa.key", dest).code());
        Path old = Files.writeString(dest.resolve("last-good.txt"), "keep me");

        Cli.Result r = extract(Exports.get("flipped"), ".z01.smime", "rsa.key", dest, "--force");

        assertEquals(5, r.code(), r::toString);
        assertTrue(
                Trees.names(dest).contains("last-good.txt"), Trees.names(dest).toString());
        assertEquals("keep me", Files.readString(old));
        assertEquals(List.of("out"), Trees.names(tmp));
    }

    @Test
    void leftoverOfAKilledRunIsRemovedByTheNextRun() throws Exception {
        long dead = ProcessFacts.deadPid();
        Path leftover = Files.createDirectory(tmp.resolve(".out.cdds-staging-" + dead + "-abc123"));
        Files.createDirectories(leftover.resolve("interactions/2026"));
        Files.writeString(leftover.resolve("interactions/2026/half-written.jsonl"), "{\"id\":");
        Path oldLeftover = Files.createDirectory(tmp.resolve(".out.cdds-old-" + dead + "-def456"));
        Path dest = tmp.resolve("out");

        Cli.Result r = extract(Exports.get("split12"), ".zip.smime", "rsa.key", dest);

        assertEquals(0, r.code(), r::toString);
        Trees.assertSameTree(Fixtures.tree("medium"), dest);
        assertFalse(Files.exists(leftover));
        assertFalse(Files.exists(oldLeftover));
        assertEquals(List.of("out"), Trees.names(tmp));
    }

    @Test
    void bombPassesWithAHigherRatioLimit() throws Exception {
        Path dest = tmp.resolve("out");
        Cli.Result r = extract(Exports.get("bomb"), ".zip.smime", "rsa.key", dest, "--max-ratio", "2000");
        assertEquals(0, r.code(), r::toString);
        Path zeros = dest.resolve("zeros.bin");
        assertEquals(64L * 1024 * 1024, Files.size(zeros));
        try (var in = Files.newInputStream(zeros)) {
            byte[] buf = new byte[1 << 20];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != 0) {
                        throw new AssertionError("zeros.bin holds a non-zero byte");
                    }
                }
            }
        }
        assertEquals(List.of(TreeMarker.NAME, "zeros.bin"), Trees.names(dest));
    }
}
