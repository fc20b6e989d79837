package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.io.Untrusted;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.HostileExport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command on an export made to attack the terminal (issue 11 §3): a certificate whose name retitles and
 * clears the terminal, zip entry names and comments and a MIME header with the same, a bidi override, and a part
 * whose file name holds escapes. Nothing reaches stdout or stderr raw; the text shows the escapes; --json keeps
 * the real value.
 */
class HostileTextTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static HostileExport.Made made;
    private static Path hostileName;

    @BeforeAll
    static void makeExport() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("export"));
        made = HostileExport.write(dir);
        Path inbox = Files.createDirectories(shared.resolve("named"));
        hostileName = Files.copy(made.part(), inbox.resolve("export-" + HostileExport.ESCAPES + ".zip.smime"));
    }

    /** No character that acts on a terminal, line ends aside, in anything the run printed. */
    private static Cli.Result clean(Cli.Result r) {
        for (String text : List.of(r.out(), r.err(), new String(r.stdoutBytes(), StandardCharsets.UTF_8))) {
            for (char c : text.toCharArray()) {
                assertTrue(
                        c == '\n' || !Untrusted.needsEscape(c),
                        () -> String.format("raw U+%04x printed:%n%s", (int) c, Untrusted.lines(r.toString())));
            }
        }
        return r;
    }

    private static Cli.Result run(Object... args) {
        return clean(new Cli().run(args));
    }

    private static final String SHOWN_ESCAPES = "\\x1b]0;pwned\\x07\\x1b[2J";
    /** The issuer as Bouncy Castle prints the name (';' quoted), then escaped. */
    private static final String SHOWN_CN = "CN=cdds \\x1b]0\\;pwned\\x07\\x1b[2J \\u202eevil";

    @Test
    void infoShowsTheCertificateNameEscaped() throws Exception {
        Cli.Result text = run("info", "-k", made.key(), made.part());
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().contains("issuer \"" + SHOWN_CN + "\""), text::toString);

        Cli.Result json = run("info", "--json", made.part());
        assertEquals(0, json.code(), json::toString);
        JsonNode recipient = new ObjectMapper()
                .readTree(json.out())
                .get("parts")
                .get(0)
                .get("recipients")
                .get(0);
        assertEquals(
                "CN=" + HostileExport.CN.replace(";", "\\;"),
                recipient.get("issuer").asText(),
                "--json keeps the real value");
    }

    @Test
    void keysShowsTheCertificateSubjectEscapedAndJsonKeepsIt() throws Exception {
        Cli.Result text = run("keys", "-k", made.key(), hostileName);
        assertEquals(0, text.code(), text::toString);
        assertTrue(
                text.out().startsWith(made.key() + ": RSA 2048 bits; certificate \"" + SHOWN_CN + "\", serial 1B07"),
                text::toString);
        assertTrue(
                text.out().contains("export-" + SHOWN_ESCAPES + ".zip.smime: opened by " + made.key()), text::toString);
        assertTrue(
                text.err().contains("the certificate of key " + made.key() + " (\"" + SHOWN_CN + "\""),
                "the expiry warning (it expires tomorrow): " + text);

        Path key = Files.copy(Fixtures.key("rsa.key"), tmp.resolve("cdds.key"));
        String pem = Files.readString(made.key());
        Files.writeString(tmp.resolve("cdds.crt"), pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----")));
        Cli.Result unpaired = run("keys", "-k", key);
        assertEquals(0, unpaired.code(), unpaired::toString);
        assertTrue(
                unpaired.err().contains("(\"" + SHOWN_CN + "\", serial 1B07) belongs to none of the keys given"),
                unpaired::toString);

        Cli.Result json = run("keys", "--json", "-q", "-k", made.key());
        assertEquals(0, json.code(), json::toString);
        assertEquals(
                "CN=" + HostileExport.CN.replace(";", "\\;"),
                new ObjectMapper()
                        .readTree(json.out())
                        .get(0)
                        .get("certificates")
                        .get(0)
                        .get("subject")
                        .asText(),
                "--json keeps the real value");
    }

    @Test
    void listShowsEntryNamesEscapedAndJsonKeepsThem() throws Exception {
        Cli.Result text = run("list", "-k", made.key(), made.part());
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().contains("report" + SHOWN_ESCAPES + ".jsonl"), text::toString);
        assertTrue(text.out().contains("invoice\\u202efdp.exe"), text::toString);

        Cli.Result json = run("list", "--json", "-k", made.key(), made.part());
        assertEquals(0, json.code(), json::toString);
        List<String> names = new ArrayList<>();
        new ObjectMapper()
                .readTree(json.out())
                .forEach(e -> names.add(e.get("name").asText()));
        assertEquals(List.of("clean.txt", HostileExport.BIDI_ENTRY, HostileExport.ESCAPE_ENTRY), names);
    }

    @Test
    void extractVerifyAndCatRefuseTheEntryWithItsNameEscaped() {
        String refused = "refused: \"report" + SHOWN_ESCAPES + ".jsonl\"";
        Cli.Result extract = run("extract", "-k", made.key(), "-o", tmp.resolve("out"), made.part());
        assertEquals(6, extract.code(), extract::toString);
        assertTrue(extract.err().contains(refused), extract::toString);
        assertFalse(Files.exists(tmp.resolve("out")));

        Cli.Result verify = run("verify", "-k", made.key(), made.part());
        assertEquals(6, verify.code(), verify::toString);
        assertTrue(verify.err().contains(refused), verify::toString);
        Cli.Result verifyJson = run("verify", "--json", "-k", made.key(), made.part());
        assertEquals(6, verifyJson.code(), verifyJson::toString);

        for (Cli.Result r : List.of(
                run("cat", "-k", made.key(), made.part()), run("extract", "--stdout", "-k", made.key(), made.part()))) {
            assertEquals(6, r.code(), r::toString);
            assertTrue(r.err().contains(refused), r::toString);
        }
        Cli.Result verbose =
                new Cli().run("extract", "--verbose", "-k", made.key(), "-o", tmp.resolve("v"), made.part());
        assertEquals(6, verbose.code(), verbose::toString);
        assertFalse(
                verbose.err().chars().anyMatch(c -> c != '\n' && c != '\t' && Untrusted.needsEscape((char) c)),
                "the stack trace keeps its tabs, nothing else: " + verbose);
    }

    @Test
    void decryptAndAWrongKeyQuoteTheCertificateNameEscaped() throws Exception {
        Cli.Result decrypt = run("decrypt", "-k", made.key(), "-o", tmp.resolve("x.zip"), made.part());
        assertEquals(0, decrypt.code(), decrypt::toString);
        assertTrue(Files.size(tmp.resolve("x.zip")) > 0);

        Cli.Result wrongKey = run("decrypt", "-k", Fixtures.key("rsa.key"), "-o", tmp.resolve("y.zip"), made.part());
        assertEquals(4, wrongKey.code(), wrongKey::toString);
        assertTrue(wrongKey.err().contains(SHOWN_CN), wrongKey::toString);
        Cli.Result extract = run("extract", "-k", Fixtures.key("rsa.key"), "-o", tmp.resolve("z"), made.part());
        assertEquals(4, extract.code(), extract::toString);
        assertTrue(extract.err().contains(SHOWN_CN), extract::toString);
    }

    @Test
    void aPartWhoseFileNameHoldsEscapesIsRefusedEscaped() {
        for (String command : List.of("extract", "info", "list", "verify")) {
            Cli.Result r = run(command, "-k", made.key(), hostileName);
            assertEquals(5, r.code(), r::toString);
            assertTrue(r.err().contains("export name \"export-" + SHOWN_ESCAPES + "\""), r::toString);
        }
        Cli.Result decrypt = run("decrypt", "-k", Fixtures.key("rsa.key"), "-o", tmp.resolve("d.zip"), hostileName);
        assertEquals(4, decrypt.code(), decrypt::toString);
        assertTrue(decrypt.err().contains("export-" + SHOWN_ESCAPES + ".zip.smime"), decrypt::toString);
    }

    @Test
    void batchReportsFileAndEntryNamesEscaped() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Files.copy(made.part(), inbox.resolve(made.part().getFileName()));
        Files.copy(hostileName, inbox.resolve(hostileName.getFileName()));
        Cli.Result text = run("batch", "-k", made.key(), "--out", tmp.resolve("out"), inbox);
        assertEquals(8, text.code(), text::toString);
        assertTrue(text.out().contains("failed export-" + SHOWN_ESCAPES + ":"), text::toString);
        assertTrue(text.out().contains(SHOWN_ESCAPES + ".jsonl"), text::toString);

        Cli.Result json = run("batch", "--json", "-k", made.key(), "--out", tmp.resolve("out-json"), inbox);
        assertEquals(8, json.code(), json::toString);
        List<String> exports = new ArrayList<>();
        for (String line : json.out().lines().toList()) {
            JsonNode node = new ObjectMapper().readTree(line);
            if (node.has("export")) {
                exports.add(node.get("export").asText());
            }
        }
        assertTrue(exports.contains("export-" + HostileExport.ESCAPES), exports::toString);
    }
}
