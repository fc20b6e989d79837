package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code info} and {@code extract} agree about what is missing (both exit 3), name a part present only as a browser
 * duplicate, and a stray file numbered beyond any zip's segment count neither hangs them nor stops a batch run.
 */
class MissingPartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Copies the parts of a fixture export into a folder of this test. */
    private Path copy(Exports.Export export, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(export.directory())) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(export.name() + "."))
                    .toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }

    @Test
    void infoWithAKeyReadsTheSegmentCountAndAgreesWithExtract() throws Exception {
        // .z01 … .z09 and the .zip: the zip directory in the .zip says 12 segments.
        Exports.Export tail = Exports.get("missing-tail");
        List<String> missing = List.of(tail.name() + ".z10.smime", tail.name() + ".z11.smime");

        Cli.Result info = new Cli().run("info", "--json", "-k", Fixtures.key("rsa.key"), tail.part(".z01.smime"));
        assertEquals(ExitCode.INCOMPLETE.code(), info.code(), info::toString);
        JsonNode doc = JSON.readTree(info.out());
        assertFalse(doc.get("complete").asBoolean());
        assertEquals(missing, texts(doc.get("missing")));
        assertEquals(12, doc.get("segments").asInt());

        Cli.Result text = new Cli().run("info", "-k", Fixtures.key("rsa.key"), tail.part(".z01.smime"));
        assertEquals(ExitCode.INCOMPLETE.code(), text.code(), text::toString);
        assertTrue(
                text.out().contains("missing: " + missing.get(0) + " to " + missing.get(1) + " (2 parts)"), text.out());

        Path target = dir.resolve("out");
        Cli.Result extract =
                new Cli().run("extract", "-k", Fixtures.key("rsa.key"), "-o", target, tail.part(".z01.smime"));
        assertEquals(ExitCode.INCOMPLETE.code(), extract.code(), extract::toString);
        assertTrue(extract.err().contains(missing.get(0) + " to " + missing.get(1)), extract.err());
        assertFalse(Files.exists(target));
    }

    /** A gap and a missing tail: both commands name the gap and, from the final part, the tail. */
    @Test
    void aGapAndAMissingTailAreNamedAlikeByInfoAndExtract() throws Exception {
        Exports.Export split = Exports.get("split12");
        Path folder = copy(split, dir.resolve("downloads"));
        for (String n : List.of("04", "10", "11")) {
            Files.delete(folder.resolve(split.name() + ".z" + n + ".smime"));
        }
        String missing =
                split.name() + ".z04.smime, " + split.name() + ".z10.smime to " + split.name() + ".z11.smime (2 parts)";
        Cli.Result info =
                new Cli().run("info", "-k", Fixtures.key("rsa.key"), folder.resolve(split.name() + ".z01.smime"));
        assertEquals(ExitCode.INCOMPLETE.code(), info.code(), info::toString);
        assertTrue(info.out().contains("missing: " + missing + "\n"), info.out());
        for (String command : List.of("extract", "verify", "list")) {
            Cli.Result r =
                    new Cli().run(command, "-k", Fixtures.key("rsa.key"), folder.resolve(split.name() + ".z01.smime"));
            assertEquals(ExitCode.INCOMPLETE.code(), r.code(), r::toString);
            assertTrue(
                    r.err().contains("3 parts missing in " + folder.toAbsolutePath() + ": " + missing + " ("),
                    command + ": " + r.err());
        }
    }

    @Test
    void infoWithoutAKeySaysTheCountIsUncheckedUnlessThePartsAreDecrypted() throws Exception {
        Exports.Export tail = Exports.get("missing-tail");
        Cli.Result info = new Cli().run("info", tail.part(".z01.smime"));
        assertEquals(0, info.code(), info::toString);
        assertTrue(
                info.out().contains("none missing by name (segment count not checked: ")
                        && info.out().contains("-k KEY"),
                info.out());

        // Decrypted segments need no key: .z11 gone, the .zip's directory says 12.
        Path plain = copy(Exports.get("plain12"), dir.resolve("plain"));
        String name = Exports.get("plain12").name();
        Files.delete(plain.resolve(name + ".z11"));
        Cli.Result r = new Cli().run("info", "--json", plain.resolve(name + ".z01"));
        assertEquals(ExitCode.INCOMPLETE.code(), r.code(), r::toString);
        assertEquals(List.of(name + ".z11"), texts(JSON.readTree(r.out()).get("missing")));

        Cli.Result complete = new Cli().run("info", Exports.get("plain12").part(".z01"));
        assertEquals(0, complete.code(), complete::toString);
        assertTrue(complete.out().contains("12 present, none missing\n"), complete.out());
    }

    @Test
    void aPartPresentOnlyAsABrowserDuplicateIsNamedWithAHintToRenameIt() throws Exception {
        Exports.Export split = Exports.get("split12");
        Path folder = copy(split, dir.resolve("downloads"));
        String z05 = split.name() + ".z05.smime";
        String copy = split.name() + ".z05 (1).smime";
        Files.move(folder.resolve(z05), folder.resolve(copy));
        String hint = z05 + " (present only as the browser duplicate \"" + copy + "\": rename it to " + z05 + ")";

        Cli.Result info = new Cli().run("info", folder.resolve(split.name() + ".zip.smime"));
        assertEquals(ExitCode.INCOMPLETE.code(), info.code(), info::toString);
        assertTrue(info.out().contains("missing: " + hint), info.out());

        Path target = dir.resolve("out");
        Cli.Result extract = new Cli()
                .run(
                        "extract",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        target,
                        folder.resolve(split.name() + ".z01.smime"));
        assertEquals(ExitCode.INCOMPLETE.code(), extract.code(), extract::toString);
        assertTrue(extract.err().contains(hint), extract.err());
        assertFalse(Files.exists(target));

        Files.move(folder.resolve(copy), folder.resolve(z05));
        assertEquals(
                0,
                new Cli()
                        .run(
                                "extract",
                                "-k",
                                Fixtures.key("rsa.key"),
                                "-o",
                                target,
                                folder.resolve(split.name() + ".z01.smime"))
                        .code());
        Trees.assertSameTree(split.treePath(), target);
    }

    /** {@code : > export-X.z2000000000.smime} once made info run for ten minutes and die of OutOfMemoryError. */
    @Test
    void aPartNumberedBeyondAnyZipIsNotPartOfTheExport() throws Exception {
        Exports.Export single = Exports.get("single");
        Path folder = copy(single, dir.resolve("downloads"));
        Path stray = Files.createFile(folder.resolve(single.name() + ".z2000000000.smime"));
        Path zip = folder.resolve(single.name() + ".zip.smime");
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            Cli.Result info = new Cli().run("info", "--json", zip);
            assertEquals(0, info.code(), info::toString);
            JsonNode doc = JSON.readTree(info.out());
            assertEquals(1, doc.get("parts").size());
            assertEquals(List.of(), texts(doc.get("missing")));
            assertEquals(List.of(stray.getFileName().toString()), texts(doc.get("ignored")));
            Cli.Result text = new Cli().run("info", zip);
            assertTrue(
                    text.out()
                            .contains("ignored:  " + stray.getFileName() + " (not a part: its segment number "
                                    + "is beyond the 65535 segments a zip can have)\n"),
                    text.out());

            Cli.Result byStray = new Cli().run("info", stray);
            assertEquals(ExitCode.USAGE.code(), byStray.code(), byStray::toString);
            assertTrue(
                    byStray.err()
                            .contains("is not part of an export: its segment number is beyond the 65535 "
                                    + "segments a zip can have"),
                    byStray.err());

            Path target = dir.resolve("out");
            Cli.Result extract = new Cli().run("extract", "-k", Fixtures.key("rsa.key"), "-o", target, zip);
            assertEquals(0, extract.code(), extract::toString);
            Trees.assertSameTree(single.treePath(), target);
        });
    }

    @Test
    void aBatchRunExtractsTheValidExportBesideAStrayHugeNumber() throws Exception {
        Exports.Export single = Exports.get("single");
        Path inbox = copy(single, dir.resolve("inbox"));
        // Sorts before the valid export, as in the report: it must not stop the run.
        Files.createFile(inbox.resolve("export-0000.z2000000000.smime"));
        Files.createFile(inbox.resolve(single.name() + ".z2000000000.smime"));
        Path out = dir.resolve("out");
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            Cli.Result r = new Cli().run("batch", "-k", Fixtures.key("rsa.key"), "--out", out, inbox);
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains("done " + single.name()), r.out());
            Trees.assertSameTree(single.treePath(), out.resolve(single.name()));
        });
    }
}
