package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Openssl;
import org.junit.jupiter.api.Test;

/** {@code info}: parts present and missing, recipients and cipher without a key; the matching key with one. */
class InfoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode infoJson(Object... args) throws Exception {
        return infoJsonExiting(0, args);
    }

    /** {@code info --json ARGS}, which must exit with {@code code} (3 for an incomplete export). */
    private static JsonNode infoJsonExiting(int code, Object... args) throws Exception {
        List<Object> all = new ArrayList<>(List.of("info", "--json"));
        all.addAll(List.of(args));
        Cli.Result r = new Cli().run(all.toArray());
        assertEquals(code, r.code(), r::toString);
        assertEquals("", r.err());
        return JSON.readTree(r.out());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void withoutKeyShowsEveryPartItsRecipientAndCipher() throws Exception {
        Exports.Export split12 = Exports.get("split12");
        String serial = Openssl.serial(Fixtures.key("rsa.crt"));

        JsonNode doc = infoJson(split12.part(".z09.smime"));

        assertEquals(split12.name(), doc.get("export").asText());
        assertTrue(doc.get("complete").asBoolean());
        assertEquals(List.of(), texts(doc.get("missing")));
        JsonNode parts = doc.get("parts");
        assertEquals(12, parts.size());
        for (int i = 0; i < 12; i++) {
            JsonNode p = parts.get(i);
            String file = split12.name() + (i < 11 ? String.format(".z%02d.smime", i + 1) : ".zip.smime");
            assertEquals(file, p.get("file").asText());
            assertEquals(
                    Files.size(split12.directory().resolve(file)), p.get("size").asLong());
            assertEquals("S/MIME", p.get("format").asText());
            assertEquals("AES-256-CBC", p.get("encryption").asText());
            JsonNode recipients = p.get("recipients");
            assertEquals(1, recipients.size());
            assertEquals("key transport", recipients.get(0).get("type").asText());
            assertEquals("CN=cdds-test-rsa", recipients.get(0).get("issuer").asText());
            assertEquals(serial, recipients.get(0).get("serial").asText());
            assertFalse(p.has("key"), "no key asked about");
        }
    }

    @Test
    void missingPartsByName() throws Exception {
        Exports.Export missing = Exports.get("missing");
        JsonNode doc = infoJsonExiting(3, missing.part(".z01.smime"));
        assertFalse(doc.get("complete").asBoolean());
        assertEquals(List.of(missing.name() + ".z04.smime", missing.name() + ".z07.smime"), texts(doc.get("missing")));
        assertEquals(10, doc.get("parts").size());

        Exports.Export noFinal = Exports.get("no-final");
        assertEquals(
                List.of(noFinal.name() + ".zip.smime"),
                texts(infoJsonExiting(3, noFinal.part(".z02.smime")).get("missing")));
    }

    @Test
    void textOutput() {
        Exports.Export missing = Exports.get("missing");
        String serial = Openssl.serial(Fixtures.key("rsa.crt"));
        Cli.Result r = new Cli().run("info", missing.part(".z03.smime"));
        assertEquals(3, r.code(), r::toString);
        assertTrue(
                r.out().contains("missing: " + missing.name() + ".z04.smime, " + missing.name() + ".z07.smime"),
                r.out());
        assertTrue(r.out().contains(missing.name() + ".z11.smime"), r.out());
        assertTrue(r.out().contains("issuer \"CN=cdds-test-rsa\", serial " + serial), r.out());
        assertTrue(r.out().contains("AES-256-CBC"), r.out());
        assertFalse(r.out().contains("key:"), r.out());
    }

    @Test
    void otherEnvelopesAndCiphers() throws Exception {
        Exports.Export mixed = Exports.get("mixed-wrap");
        JsonNode parts = infoJson(mixed.part(".zip.smime")).get("parts");
        assertEquals("DER", parts.get(4).get("format").asText());
        assertEquals("PEM", parts.get(5).get("format").asText());
        assertEquals("S/MIME", parts.get(6).get("format").asText());

        JsonNode gcm =
                infoJson(Exports.get("gcm").part(".zip.smime")).get("parts").get(0);
        assertEquals("AES-256-GCM", gcm.get("encryption").asText());

        JsonNode ec =
                infoJson(Exports.get("ec").part(".zip.smime")).get("parts").get(0);
        JsonNode recipient = ec.get("recipients").get(0);
        assertEquals("key agreement", recipient.get("type").asText());
        assertEquals("CN=cdds-test-ec", recipient.get("issuer").asText());
        assertEquals(
                Openssl.serial(Fixtures.key("ec.crt")), recipient.get("serial").asText());

        JsonNode plain = infoJson(Exports.get("plain12").part(".z02")).get("parts");
        assertEquals(12, plain.size());
        assertEquals("decrypted zip segment", plain.get(0).get("format").asText());
    }

    @Test
    void withKeysShowsTheOneThatMatches() throws Exception {
        Exports.Export split12 = Exports.get("split12");
        String rsa = Fixtures.key("rsa.key").toString();
        String other = Fixtures.key("other.key").toString();

        // A bare private key, as the CDDS guide has users pass to openssl: no certificate to compare with.
        JsonNode doc = infoJson("-k", other, "-k", rsa, split12.part(".z01.smime"));
        for (JsonNode p : doc.get("parts")) {
            assertEquals(rsa, p.get("key").asText(), p.get("file").asText());
        }

        // A key with its certificate is identified by issuer and serial number.
        String withCert = Fixtures.key("rsa-with-cert.pem").toString();
        assertEquals(
                withCert,
                infoJson("-k", withCert, split12.part(".zip.smime"))
                        .get("parts")
                        .get(0)
                        .get("key")
                        .asText());

        JsonNode ec = infoJson("-k", Fixtures.key("ec.key"), Exports.get("ec").part(".zip.smime"));
        assertEquals(
                Fixtures.key("ec.key").toString(),
                ec.get("parts").get(0).get("key").asText());

        JsonNode none =
                infoJson("-k", other, split12.part(".z01.smime")).get("parts").get(0);
        assertTrue(none.has("key"));
        assertTrue(none.get("key").isNull(), none.toString());

        Cli.Result text = new Cli().run("info", "-k", other, "-k", rsa, split12.part(".zip.smime"));
        assertTrue(text.out().contains("key: " + rsa), text.out());
        Cli.Result textNone = new Cli().run("info", "-k", other, split12.part(".zip.smime"));
        assertTrue(textNone.out().contains("key: no key"), textNone.out());
    }
}
