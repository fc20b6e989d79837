package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.cddsdecrypt.output.TreeMarker;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract --include/--exclude against the expected subset of the source tree, and --stdout / cat byte for byte. */
class SelectiveExtractionTest {
    @TempDir
    Path tmp;

    private Cli.Result extract(String fixture, Path out, Object... selection) {
        List<Object> args = new ArrayList<>(List.of("extract", "-k", UxFixtures.rsaKey(), "-o", out));
        args.addAll(List.of(selection));
        args.add(UxFixtures.part(fixture, "zip"));
        return new Cli().run(args.toArray());
    }

    /** The extracted tree must be exactly {@code expected} (paths; folders end in '/'), with the source's bytes. */
    private static void assertTree(Path out, Path source, Set<String> expected) throws Exception {
        Map<String, Path> got = new TreeMap<>(UxFixtures.listTree(out));
        assertTrue(got.remove(TreeMarker.NAME) != null, "the tool's marker at the top of the tree");
        assertEquals(new TreeSet<>(expected), new TreeSet<>(got.keySet()));
        for (Map.Entry<String, Path> e : got.entrySet()) {
            if (!e.getKey().endsWith("/")) {
                assertArrayEquals(
                        Files.readAllBytes(source.resolve(e.getKey())), Files.readAllBytes(e.getValue()), e.getKey());
            }
        }
    }

    private static Set<String> sourceTree(String tree, Predicate<String> keep) {
        Set<String> paths = new TreeSet<>();
        for (String p : UxFixtures.listTree(Fixtures.tree(tree)).keySet()) {
            if (keep.test(p)) {
                paths.add(p);
            }
        }
        return paths;
    }

    @Test
    void withoutPatternsEverythingIsExtracted() throws Exception {
        Path out = tmp.resolve("all");
        Cli.Result r = extract("split12", out);
        assertEquals(0, r.code(), r.toString());
        assertTree(out, Fixtures.tree("medium"), sourceTree("medium", p -> true));
    }

    @Test
    void includeASubtreeExcludeSomeFiles() throws Exception {
        Path out = tmp.resolve("beta");
        Cli.Result r = extract("split12", out, "--include", "beta/**", "--exclude", "**/file-0[12].bin");
        assertEquals(0, r.code(), r.toString());
        assertTree(
                out,
                Fixtures.tree("medium"),
                Set.of(
                        "beta/",
                        "beta/empty.bin",
                        "beta/gamma/",
                        "beta/gamma/file-03.bin",
                        "beta/gamma/file-04.bin",
                        "beta/gamma/file-05.bin",
                        "beta/gamma/file-06.bin"));
        assertEquals("", r.err());
    }

    @Test
    void foldersAreKeptOnlyWhenTheyHoldSomethingOrAreIncluded() throws Exception {
        Path files = tmp.resolve("files");
        Cli.Result r = extract("split12", files, "--include", "**/file-01.bin");
        assertEquals(0, r.code(), r.toString());
        assertTree(
                files,
                Fixtures.tree("medium"),
                Set.of("alpha/", "alpha/file-01.bin", "beta/", "beta/gamma/", "beta/gamma/file-01.bin"));
        // a folder kept for what it holds still gets its own time from the archive
        assertEquals(
                Files.getLastModifiedTime(Fixtures.tree("medium").resolve("beta"))
                                .toMillis()
                        / 2000,
                Files.getLastModifiedTime(files.resolve("beta")).toMillis() / 2000);

        Path empty = tmp.resolve("empty");
        r = extract("split12", empty, "--include", "emptydir", "--include", "alpha/file-06.bin");
        assertEquals(0, r.code(), r.toString());
        assertTree(empty, Fixtures.tree("medium"), Set.of("emptydir/", "alpha/", "alpha/file-06.bin"));
    }

    @Test
    void excludeAloneLeavesOutASubtree() throws Exception {
        Path out = tmp.resolve("noalpha");
        Cli.Result r = extract("split12", out, "--exclude", "alpha", "--exclude", "beta/gamma/*");
        assertEquals(0, r.code(), r.toString());
        assertTree(
                out,
                Fixtures.tree("medium"),
                sourceTree(
                        "medium",
                        p -> !p.startsWith("alpha/") && !p.startsWith("beta/gamma/") || p.equals("beta/gamma/")));
    }

    @Test
    void namesWithSpacesAndAccents() throws Exception {
        Path out = tmp.resolve("small");
        Cli.Result r = extract(
                "single",
                out,
                "--include",
                "données/*",
                "--include",
                "contact history",
                "--exclude",
                "**/a b.jsonl",
                "--include",
                "interactions/*/1?/part-0002.jsonl");
        assertEquals(0, r.code(), r.toString());
        assertTree(
                out,
                Fixtures.tree("small"),
                Set.of(
                        "données/",
                        "données/été 2026.jsonl",
                        "contact history/",
                        "interactions/",
                        "interactions/2026/",
                        "interactions/2026/11/",
                        "interactions/2026/11/part-0002.jsonl"));
    }

    @Test
    void anIncludeThatMatchesNothingIsWarnedAboutBesideOneThatMatches() throws Exception {
        Path out = tmp.resolve("some");
        Cli.Result r = extract("split12", out, "--include", "alpha/**", "--include", "Alpha/**");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("warning: --include 'Alpha/**' matched no entry"), r.err());
        assertTrue(UxFixtures.listTree(out).containsKey("alpha/"), r.toString());
        Cli.Result quiet =
                extract("split12", tmp.resolve("some-q"), "-q", "--include", "alpha/**", "--include", "Alpha/**");
        assertEquals("", quiet.err());
    }

    @Test
    void includesThatMatchNothingLeaveNoFolderAndSaySoInOneLine() throws Exception {
        Path out = tmp.resolve("none");
        for (String quiet : List.of("--no-progress", "-q")) { // -q hides warnings, not errors
            Cli.Result r = extract("split12", out, quiet, "--include", "Alpha/**", "--include", "*.csv");
            assertEquals(2, r.code(), r.toString());
            assertEquals(
                    List.of("cdds-decrypt: nothing to write: no entry of the export matches 'Alpha/**' or "
                            + "'*.csv' (see 'cdds-decrypt list' for the entry names)"),
                    r.err().lines().toList());
            assertEquals(List.of(), Trees.names(tmp), "no folder, no staging leftovers");
        }
        Cli.Result cat = new Cli().run("cat", "-k", UxFixtures.rsaKey(), UxFixtures.part("split12", "z01"), "Alpha/**");
        assertEquals(2, cat.code(), cat.toString());
        assertEquals(0, cat.stdoutBytes().length, cat.toString());
        assertTrue(
                cat.err().startsWith("cdds-decrypt: nothing to write: no entry of the export matches 'Alpha/**'"),
                cat.toString());
    }

    /** The names of the files in archive order, from list --json. */
    private static List<String> archiveOrder(String fixture) throws Exception {
        Cli.Result r = new Cli().run("list", "--json", "-k", UxFixtures.rsaKey(), UxFixtures.part(fixture, "zip"));
        List<String> names = new ArrayList<>();
        for (JsonNode e : new ObjectMapper().readTree(r.out())) {
            if (!e.get("directory").asBoolean()) {
                names.add(e.get("name").asText());
            }
        }
        return names;
    }

    private static byte[] concatenate(String tree, List<String> names, Predicate<String> chosen) throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (String name : names) {
            if (chosen.test(name)) {
                expected.write(Files.readAllBytes(Fixtures.tree(tree).resolve(name)));
            }
        }
        return expected.toByteArray();
    }

    @Test
    void stdoutCarriesTheChosenFilesConcatenatedInArchiveOrderAndNothingElse() throws Exception {
        List<String> order = archiveOrder("single");
        byte[] expected =
                concatenate("small", order, n -> n.endsWith(".jsonl") && !n.startsWith("interactions/2026/12"));
        assertTrue(expected.length > 1000);
        Cli.Result r = new Cli()
                .run(
                        "extract",
                        "--stdout",
                        "-k",
                        UxFixtures.rsaKey(),
                        "--include",
                        "**/*.jsonl",
                        "--exclude",
                        "interactions/2026/12",
                        UxFixtures.part("single", "zip"));
        assertEquals(0, r.code(), r.toString());
        assertArrayEquals(expected, r.stdoutBytes());
        assertEquals("", r.out(), "no path or summary on stdout");
        assertEquals("", r.err());
        assertFalse(Files.exists(Path.of("export-" + UxFixtures.uuid("single"))), "no folder at the default place");
    }

    @Test
    void catTakesTheIncludesAsArguments() throws Exception {
        List<String> order = archiveOrder("split12");
        byte[] expected = concatenate("medium", order, n -> n.startsWith("beta/gamma/") && !n.endsWith("-03.bin"));
        Cli.Result r = new Cli()
                .run(
                        "cat",
                        "-k",
                        UxFixtures.rsaKey(),
                        UxFixtures.part("split12", "z07"),
                        "beta/gamma",
                        "--exclude",
                        "**/*-03.bin");
        assertEquals(0, r.code(), r.toString());
        assertArrayEquals(expected, r.stdoutBytes());

        Cli.Result all = new Cli().run("cat", "-k", UxFixtures.rsaKey(), UxFixtures.part("split12", "z07"));
        assertArrayEquals(concatenate("medium", order, n -> true), all.stdoutBytes());
    }

    @Test
    void aCorruptFileFailsTheRunEvenAfterItsBytesWentOut() {
        Cli.Result r = new Cli().run("cat", "-k", UxFixtures.rsaKey(), UxFixtures.part("crc", "zip"));
        assertEquals(5, r.code(), r.toString());
        assertTrue(r.err().contains("CRC mismatch"), r.err());
        assertFalse(r.err().contains("warning"), r.err());
    }
}
