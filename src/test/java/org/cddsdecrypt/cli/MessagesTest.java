package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error messages say what to do next. */
class MessagesTest {
    @TempDir
    Path tmp;

    @Test
    void missingPartsAreNamedWithWhatToDo() {
        Cli.Result r = new Cli()
                .run("extract", "-k", UxFixtures.rsaKey(), "-o", tmp.resolve("x"), UxFixtures.part("missing", "z01"));
        assertEquals(3, r.code(), r.toString());
        String id = UxFixtures.uuid("missing");
        assertTrue(r.err().contains("export-" + id + ".z04.smime, export-" + id + ".z07.smime"), r.err());
        assertTrue(r.err().contains("download them again"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void keyMismatchListsRecipientsAndKeysTried() {
        Path other = Fixtures.key("other.key");
        Cli.Result r = new Cli()
                .run(
                        "extract",
                        "-k",
                        other,
                        "-k",
                        Fixtures.key("ec.key"),
                        "-o",
                        tmp.resolve("x"),
                        UxFixtures.part("single", "zip"));
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("recipients: issuer \"CN=cdds-test-rsa\", serial "), r.err());
        assertTrue(r.err().contains("keys tried: " + other + ", " + Fixtures.key("ec.key")), r.err());
    }

    @Test
    void anExistingDestinationSuggestsForceOnlyWhereItWouldWork() throws Exception {
        Path existing = Files.createDirectories(tmp.resolve("existing"));
        Files.writeString(existing.resolve("keep.txt"), "mine");
        Cli.Result r =
                new Cli().run("extract", "-k", UxFixtures.rsaKey(), "-o", existing, UxFixtures.part("single", "zip"));
        assertEquals(7, r.code(), r.toString());
        assertTrue(!r.err().contains("--force") && r.err().contains("-o"), r.err());
        assertEquals("mine", Files.readString(existing.resolve("keep.txt")));

        Path ours = tmp.resolve("ours");
        assertEquals(
                0,
                new Cli()
                        .run("extract", "-k", UxFixtures.rsaKey(), "-o", ours, UxFixtures.part("single", "zip"))
                        .code());
        r = new Cli().run("extract", "-k", UxFixtures.rsaKey(), "-o", ours, UxFixtures.part("single", "zip"));
        assertEquals(7, r.code(), r.toString());
        assertTrue(r.err().contains("--force") && r.err().contains("-o"), r.err());

        Path file = Files.writeString(tmp.resolve("payload"), "old");
        Cli.Result decrypt =
                new Cli().run("decrypt", "-k", UxFixtures.rsaKey(), "-o", file, Fixtures.message("aes256.smime"));
        assertEquals(7, decrypt.code(), decrypt.toString());
        assertTrue(decrypt.err().contains("--force") && decrypt.err().contains("-o"), decrypt.err());
    }

    @Test
    void aFileThatIsNoExportSaysWhatItLooksLike() {
        Cli.Result text = new Cli()
                .run("extract", "-k", UxFixtures.rsaKey(), "-o", tmp.resolve("x"), UxFixtures.part("notsmime", "zip"));
        assertEquals(5, text.code(), text.toString());
        assertTrue(
                text.err().contains(".zip.smime: not an S/MIME or CMS message: it is plain text starting \""),
                text.err());

        Cli.Result decrypt = new Cli()
                .run("decrypt", "-k", UxFixtures.rsaKey(), "-o", tmp.resolve("y"), Fixtures.message("notsmime.zip"));
        assertEquals(5, decrypt.code(), decrypt.toString());
        assertTrue(
                decrypt.err()
                        .contains("notsmime.zip: not an S/MIME or CMS message: it is a zip file "
                                + "(already decrypted?)"),
                decrypt.err());

        Cli.Result name = new Cli().run("extract", "-k", UxFixtures.rsaKey(), Fixtures.message("aes256.smime"));
        assertEquals(2, name.code(), name.toString());
        assertTrue(name.err().contains("is not named like an export part (export-<id>.zNN.smime"), name.err());
    }
}
