package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What people actually type (issue 13, "Mistakes get one clear line and the documented exit code"): each mistake
 * gets its exit code and a first line that says what to do, and nothing is written.
 */
class MistakesTest {
    @TempDir
    Path tmp;

    private static final String SPLIT = "split12";

    /** The first line of stderr: the message (usage errors follow it with the synopsis). */
    private static String first(Cli.Result r) {
        return r.err().lines().findFirst().orElse("");
    }

    private static List<Path> partsOf(String fixture) throws Exception {
        Exports.Export export = Exports.get(fixture);
        try (Stream<Path> files = Files.list(export.directory())) {
            return files.filter(p -> p.getFileName().toString().startsWith(export.name() + "."))
                    .filter(p -> p.getFileName().toString().endsWith(".smime"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void decryptOnAFolderNamesItAndSuggestsThePartsOrExtractOrBatch() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("downloads"));
        Cli.Result r = new Cli().run("decrypt", "-k", UxFixtures.rsaKey(), "-o", tmp.resolve("out"), folder);
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(
                first(r).startsWith("cdds-decrypt: " + folder + " is a folder: decrypt takes the part files"),
                r::toString);
        assertTrue(
                first(r).contains(folder + "/*.smime")
                        && first(r).contains("'cdds-decrypt extract PART'")
                        && first(r).contains("'cdds-decrypt batch --out DIR " + folder + "'"),
                r::toString);
        assertEquals(List.of("downloads"), Trees.names(tmp));
    }

    @Test
    void everyPartOfOneExportOnTheCommandLineIsThatExport() throws Exception {
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        List<Object> args = new ArrayList<>(List.of("extract", "-k", UxFixtures.rsaKey(), "-o", tmp.resolve("out")));
        for (Path part : partsOf(SPLIT)) {
            args.add(Files.copy(part, downloads.resolve(part.getFileName())));
        }
        String z03 = Exports.get(SPLIT).name() + ".z03";
        args.add(downloads.resolve(z03 + ".smime")); // typed twice
        args.add(Files.copy(downloads.resolve(z03 + ".smime"), downloads.resolve(z03 + " (1).smime")));
        Cli.Result r = new Cli().run(args.toArray());
        assertEquals(0, r.code(), r::toString);
        Trees.assertSameTree(Exports.get(SPLIT).treePath(), tmp.resolve("out"));

        args.set(0, "list");
        args.subList(3, 5).clear(); // no -o
        Cli.Result list = new Cli().run(args.toArray());
        assertEquals(0, list.code(), list::toString);

        args.set(0, "cat");
        args.add("beta/**");
        Cli.Result cat = new Cli().run(args.toArray());
        assertEquals(0, cat.code(), cat::toString);
        assertTrue(cat.stdoutBytes().length > 0, cat::toString);
    }

    @Test
    void aBrowserDuplicateIsOneOnlyBesideItsOriginal() throws Exception {
        Files.writeString(tmp.resolve("export-a.z01.smime"), "");
        Path copy = Files.writeString(tmp.resolve("export-a.z01 (1).smime"), "");
        Path named = Files.writeString(tmp.resolve("report(2024).zip.smime"), "");
        assertTrue(ExportCommands.isBrowserDuplicate(copy.toString()));
        assertFalse(ExportCommands.isBrowserDuplicate(named.toString()), "no report.zip.smime beside it");
        assertFalse(ExportCommands.isBrowserDuplicate(
                tmp.resolve("export-a.z01.smime").toString()));
    }

    @Test
    void partsOfTwoExportsAreOneLineNamingBoth() throws Exception {
        Path folder = Exports.get(SPLIT).directory();
        List<Object> args = new ArrayList<>(List.of("extract", "-k", UxFixtures.rsaKey(), "-o", tmp.resolve("out")));
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> p.toString().endsWith(".smime")).sorted().forEach(args::add); // what *.smime gives
        }
        Cli.Result r = new Cli().run(args.toArray());
        assertEquals(2, r.code(), r::toString);
        assertTrue(first(r).startsWith("cdds-decrypt: parts of two exports given: export-"), r::toString);
        assertTrue(first(r).contains(Exports.get(SPLIT).name()), r::toString);
        assertEquals(2, first(r).split("export-[0-9a-f-]{36}", -1).length - 1, "both, once each: " + first(r));
        assertEquals(List.of(), Trees.names(tmp), "nothing written");
    }

    @Test
    void aKeyFileThatDoesNotExistIsNoSuchFile() {
        Path missing = tmp.resolve("nosuch.pem");
        Cli.Result r =
                new Cli().run("extract", "-k", missing, "-o", tmp.resolve("out"), UxFixtures.part("single", "zip"));
        assertEquals(4, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(first(r).endsWith("key file " + missing + ": no such file"), r::toString);
    }

    @Test
    void aTildeInTheKeysVariableIsExplained() {
        Cli.Result r = new Cli()
                .env("CDDS_DECRYPT_KEYS", "~/cdds-keys")
                .env("HOME", "/home/ana")
                .run("extract", "-o", tmp.resolve("out"), UxFixtures.part("single", "zip"));
        assertEquals(4, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(
                first(r).contains("key file ~/cdds-keys: no such file; a ~ is expanded by the shell only at the "
                        + "start of a word, not inside $CDDS_DECRYPT_KEYS"),
                r::toString);
        assertTrue(first(r).endsWith("write the full path, e.g. /home/ana/cdds-keys"), r::toString);
    }

    @Test
    void aPassphraseFileThatDoesNotExistIsNoSuchFile() {
        Path missing = tmp.resolve("pass.txt");
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key("rsa-pkcs8-enc.key"),
                        "--passin",
                        "file:" + missing,
                        "-o",
                        tmp.resolve("out"),
                        Fixtures.message("aes256.smime"));
        assertEquals(4, r.code(), r::toString);
        assertEquals(
                "cdds-decrypt: --passin: cannot read the passphrase from file " + missing + ": no such file", first(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs8-enc.key", "rsa-pkcs1-enc.key", "rsa.p12"})
    void aWrongPassphraseIsWrongPassphraseForTheKeyFile(String key) {
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key(key),
                        "--passin",
                        "pass:not-it",
                        "-o",
                        tmp.resolve("out"),
                        Fixtures.message("aes256.smime"));
        assertEquals(4, r.code(), r::toString);
        assertEquals("cdds-decrypt: wrong passphrase for " + Fixtures.key(key), first(r));
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-inkey|-k KEY", "-in|PART", "-out|-o OUT", "-passin|--passin"})
    void opensslOptionsGetADidYouMean(String habit) {
        String option = habit.split("\\|")[0];
        String instead = habit.split("\\|")[1];
        for (String command : List.of("decrypt", "extract")) {
            List<Object> args = new ArrayList<>(List.of(command, "-k", UxFixtures.rsaKey()));
            args.addAll(List.of(option, option.equals("-inkey") ? UxFixtures.rsaKey() : tmp.resolve("x")));
            args.add(UxFixtures.part("single", "zip"));
            Cli.Result r = new Cli().run(args.toArray());
            assertEquals(2, r.code(), r::toString);
            assertTrue(
                    first(r).startsWith("cdds-decrypt: '" + option + "' is an openssl option: did you mean " + instead),
                    r::toString);
            assertTrue(r.err().contains("Usage: cdds-decrypt " + command), r::toString);
        }
        assertEquals(List.of(), Trees.names(tmp));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--pasin=pass:S3CRET-7f",
                "--pasin|pass:S3CRET-7f",
                "--password|S3CRET-7f",
                "--passwd=S3CRET-7f",
                "-pw|S3CRET-7f",
                "--passin|S3CRET-7f",
                "--pasin|S3CRET-7f"
            })
    void usageErrorsNeverEchoASecret(String typed) {
        List<Object> args = new ArrayList<>(List.of("extract", "-k", UxFixtures.rsaKey()));
        args.addAll(List.of(typed.split("\\|")));
        args.add(UxFixtures.part("single", "zip"));
        Cli.Result r = new Cli().run(args.toArray());
        assertEquals(2, r.code(), r::toString);
        assertFalse(r.err().contains("S3CRET") || r.out().contains("S3CRET"), r::toString);
    }

    @Test
    void redactionKeepsWhatIsNoSecret() {
        String[] args = {"extract", "--pasin", "env:KEY_PASS", "--passin=file:/etc/pass", "x.smime"};
        assertEquals(
                "Unknown options: '--pasin', 'env:KEY_PASS'",
                Redaction.redact("Unknown options: '--pasin', 'env:KEY_PASS'", args));
        assertEquals(
                "Unknown option: '--pasin=pass:***'",
                Redaction.redact("Unknown option: '--pasin=pass:hunter2'", new String[] {"--pasin=pass:hunter2"}));
        assertEquals(
                "Unmatched argument at index 3: '***'",
                Redaction.redact("Unmatched argument at index 3: 'a'", new String[] {"extract", "x", "--pw", "a"}));
    }
}
