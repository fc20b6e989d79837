package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The documented shapes of --json, parsed with a real JSON parser. */
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(Cli.Result r) throws Exception {
        assertEquals(1, r.out().strip().lines().count(), "one JSON document on one line: " + r.out());
        return JSON.readTree(r.out());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void listIsAnArrayOfEntriesMatchingTheSourceTree() throws Exception {
        Cli.Result r = new Cli().run("list", "--json", "-k", UxFixtures.rsaKey(), UxFixtures.part("split12", "z05"));
        assertEquals(0, r.code(), r.toString());
        JsonNode array = parse(r);
        assertTrue(array.isArray());
        Map<String, Path> tree = UxFixtures.listTree(Fixtures.tree("medium"));
        List<String> names = new ArrayList<>();
        for (JsonNode e : array) {
            assertEquals(Set.of("name", "size", "compressedSize", "modified", "directory", "crc"), fields(e));
            String name = e.get("name").asText();
            names.add(name);
            assertEquals(name.endsWith("/"), e.get("directory").asBoolean(), name);
            assertTrue(
                    e.get("size").isIntegralNumber() && e.get("compressedSize").isIntegralNumber());
            assertTrue(e.get("crc").asText().matches("[0-9a-f]{8}"), e.toString());
            Instant.parse(e.get("modified").asText());
            if (!e.get("directory").asBoolean()) {
                assertEquals(Files.size(tree.get(name)), e.get("size").asLong(), name);
            }
        }
        assertEquals(tree.keySet(), new TreeSet<>(names));
    }

    @Test
    void infoDescribesPartsRecipientsAndMatchingKey() throws Exception {
        Cli.Result r = new Cli()
                .run("info", "--json", "-k", Fixtures.key("rsa-with-cert.pem"), UxFixtures.part("split12", "zip"));
        assertEquals(0, r.code(), r.toString());
        JsonNode doc = parse(r);
        assertEquals(Set.of("export", "directory", "complete", "missing", "segments", "ignored", "parts"), fields(doc));
        assertEquals(12, doc.get("segments").asInt(), "read from the final part with the key");
        assertEquals("export-" + UxFixtures.uuid("split12"), doc.get("export").asText());
        assertTrue(doc.get("complete").asBoolean());
        assertEquals(0, doc.get("missing").size());
        assertEquals(12, doc.get("parts").size(), "the unrelated export beside it is not counted");
        for (JsonNode part : doc.get("parts")) {
            assertEquals(Set.of("file", "size", "format", "encryption", "recipients", "key"), fields(part));
            assertEquals("S/MIME", part.get("format").asText());
            assertEquals(
                    Files.size(Fixtures.exportDir("split12")
                            .resolve(part.get("file").asText())),
                    part.get("size").asLong());
            JsonNode recipient = part.get("recipients").get(0);
            assertEquals(Set.of("type", "issuer", "serial", "subjectKeyId"), fields(recipient));
            assertTrue(recipient.get("issuer").asText().contains("cdds-test-rsa"), recipient.toString());
            assertEquals(
                    Fixtures.key("rsa-with-cert.pem").toString(),
                    part.get("key").asText());
        }
    }

    @Test
    void infoListsMissingPartsWithoutAKey() throws Exception {
        Cli.Result r = new Cli().run("info", "--json", UxFixtures.part("missing", "z01"));
        assertEquals(3, r.code(), r.toString());
        JsonNode doc = parse(r);
        assertEquals(false, doc.get("complete").asBoolean());
        String id = UxFixtures.uuid("missing");
        assertEquals(
                "[\"export-" + id + ".z04.smime\",\"export-" + id + ".z07.smime\"]",
                doc.get("missing").toString());
        assertTrue(fields(doc.get("parts").get(0)).contains("recipients"));
        assertTrue(!fields(doc.get("parts").get(0)).contains("key"), "no key field without -k");
    }

    @Test
    void verifyReportsSuccess() throws Exception {
        Cli.Result r = new Cli().run("verify", "--json", "-k", UxFixtures.rsaKey(), UxFixtures.part("split12", "z01"));
        assertEquals(0, r.code(), r.toString());
        JsonNode doc = parse(r);
        assertEquals(Set.of("part", "export", "ok", "exitCode", "error", "parts", "entries", "bytes"), fields(doc));
        assertTrue(doc.get("ok").asBoolean());
        assertEquals(0, doc.get("exitCode").asInt());
        assertTrue(doc.get("error").isNull());
        assertEquals(12, doc.get("parts").asInt());
        assertEquals(
                UxFixtures.listTree(Fixtures.tree("medium")).size(),
                doc.get("entries").asInt());
        assertEquals(12 * 61_000, doc.get("bytes").asLong());
        assertEquals("", r.err());
    }

    @Test
    void verifyReportsFailureAsJsonToo() throws Exception {
        Cli.Result crc = new Cli().run("verify", "--json", "-k", UxFixtures.rsaKey(), UxFixtures.part("crc", "zip"));
        assertEquals(5, crc.code(), crc.toString());
        JsonNode doc = parse(crc);
        assertEquals(false, doc.get("ok").asBoolean());
        assertEquals(5, doc.get("exitCode").asInt());
        assertTrue(doc.get("error").asText().contains("CRC"), doc.toString());
        assertTrue(doc.get("entries").isNull());
        assertTrue(crc.err().contains("CRC"), "the error is on stderr as well: " + crc.err());

        Cli.Result missing =
                new Cli().run("verify", "--json", "-k", UxFixtures.rsaKey(), UxFixtures.part("missing", "zip"));
        assertEquals(3, missing.code(), missing.toString());
        assertEquals(3, parse(missing).get("exitCode").asInt());

        Cli.Result noSuchFile = new Cli().run("verify", "--json", "nowhere/export-x.zip.smime");
        assertEquals(2, noSuchFile.code(), noSuchFile.toString());
        JsonNode none = parse(noSuchFile);
        assertTrue(none.get("export").isNull());
        assertEquals("nowhere/export-x.zip.smime", none.get("part").asText());
    }
}
