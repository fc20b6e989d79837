package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code verify}: exit 0 on intact exports, the failure codes on damaged ones, and nothing written. */
class VerifyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> goodExports() {
        return ExtractCommandTest.goodExports();
    }

    static Stream<Arguments> failures() {
        return ExtractFailuresTest.failures();
    }

    private static Cli.Result verify(Path part, String key, String... extra) {
        return new Cli().runOnPart("verify", part, key, (Object[]) extra);
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("goodExports")
    void intactExportsVerify(String fixture, String suffix, String key) throws Exception {
        Exports.Export export = Exports.get(fixture);
        List<String> before = Trees.names(export.directory());

        Cli.Result r = verify(export.part(suffix), key, "--json");

        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(export.name(), doc.get("export").asText());
        assertTrue(doc.get("ok").asBoolean());
        long files = Trees.shape(export.treePath()).values().stream()
                .filter("file"::equals)
                .count();
        long all = Trees.shape(export.treePath()).size();
        assertEquals(all, doc.get("entries").asLong(), "every file and folder entry read");
        long bytes = 0;
        for (var e : Trees.shape(export.treePath()).entrySet()) {
            if (e.getValue().equals("file")) {
                bytes += Files.size(export.treePath().resolve(e.getKey()));
            }
        }
        assertTrue(files > 0);
        assertEquals(bytes, doc.get("bytes").asLong(), "every byte inflated");
        try (var parts = Files.list(export.directory())) {
            long expectedParts = parts.filter(p -> p.getFileName().toString().startsWith(export.name() + "."))
                    .count();
            assertEquals(expectedParts, doc.get("parts").asLong());
        }
        assertEquals(before, Trees.names(export.directory()), "verify writes nothing beside the parts");
    }

    @Test
    void textOutput() {
        Exports.Export split12 = Exports.get("split12");
        Cli.Result r = verify(split12.part(".z04.smime"), "rsa.key");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("OK " + split12.name() + ": 12 part(s), 17 entries"), r.out());
        Cli.Result quiet = verify(split12.part(".z04.smime"), "rsa.key", "--quiet");
        assertEquals(0, quiet.code());
        assertEquals("", quiet.out());
    }

    @ParameterizedTest(name = "{0} from {1} exits {2}")
    @MethodSource("failures")
    void damagedExportsFailWithTheirCode(String fixture, String suffix, int code, List<String> fragments) {
        Exports.Export export = Exports.get(fixture);
        List<String> before = Trees.names(export.directory());
        Cli.Result r = verify(export.part(suffix), "rsa.key", "--json");
        assertEquals(code, r.code(), r::toString);
        // --json reports failures too, as one object whose exitCode is the process's (the error is on stderr)
        JsonNode report = readJson(r.out());
        assertFalse(report.get("ok").asBoolean(), r.out());
        assertEquals(code, report.get("exitCode").asInt(), r.out());
        ExtractFailuresTest.assertOneLine(r);
        assertEquals(before, Trees.names(export.directory()));
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void wrongKeyExits4() {
        Cli.Result r = verify(Exports.get("single").part(".zip.smime"), "other.key");
        assertEquals(4, r.code(), r::toString);
        ExtractFailuresTest.assertOneLine(r);
    }

    @Test
    void bombVerifiesWithAHigherRatioLimit() throws Exception {
        Cli.Result r = verify(Exports.get("bomb").part(".zip.smime"), "rsa.key", "--max-ratio", "2000", "--json");
        assertEquals(0, r.code(), r::toString);
        assertEquals(64L * 1024 * 1024, JSON.readTree(r.out()).get("bytes").asLong());
    }
}
