package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code list}: every entry with size, compressed size and time, as text and JSON. */
class ListCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> goodExports() {
        return ExtractCommandTest.goodExports();
    }

    private static Cli.Result list(Path part, String key, String... extra) {
        return new Cli().runOnPart("list", part, key, (Object[]) extra);
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("goodExports")
    void jsonMatchesTheSourceTree(String fixture, String suffix, String key) throws Exception {
        Exports.Export export = Exports.get(fixture);
        Path tree = export.treePath();

        Cli.Result r = list(export.part(suffix), key, "--json");

        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err());
        JsonNode array = JSON.readTree(r.out());
        assertTrue(array.isArray());
        Map<String, JsonNode> byName = new TreeMap<>();
        array.forEach(e -> byName.put(e.get("name").asText(), e));

        TreeMap<String, String> shape = Trees.shape(tree);
        List<String> expectedNames = new ArrayList<>();
        shape.forEach((p, kind) -> expectedNames.add(kind.equals("dir") ? p + "/" : p));
        Collections.sort(expectedNames);
        assertEquals(expectedNames, new ArrayList<>(byName.keySet()));
        assertEquals(expectedNames.size(), array.size(), "no entry listed twice");

        for (var e : shape.entrySet()) {
            Path source = tree.resolve(e.getKey());
            boolean dir = e.getValue().equals("dir");
            JsonNode item = byName.get(dir ? e.getKey() + "/" : e.getKey());
            assertEquals(dir, item.get("directory").asBoolean(), e.getKey());
            assertEquals(dir ? 0 : Files.size(source), item.get("size").asLong(), e.getKey());
            assertTrue(item.get("compressedSize").asLong() >= 0);
            if (!dir && Files.size(source) > 1000 && fixture.matches("single|ec|gcm|onepart|unsplit-plain")) {
                // JSON Lines deflate well; a listing that repeated the size would not show it.
                assertTrue(item.get("compressedSize").asLong() < Files.size(source), e.getKey());
            }
            Instant want = Trees.expectedExtractedTime(Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS));
            Instant got = Instant.parse(item.get("modified").asText());
            assertTrue(
                    Math.abs(want.toEpochMilli() - got.toEpochMilli()) <= 2000,
                    e.getKey() + ": " + got + " vs " + want);
            assertTrue(item.get("crc").asText().matches("[0-9a-f]{8}"));
        }
    }

    @Test
    void jsonAgreesWithJavaUtilZipOnAPlainZip() throws Exception {
        Path zip = Exports.get("unsplit-plain").part(".zip");
        JsonNode array = JSON.readTree(list(zip, null, "--json").out());
        List<String> listed = new ArrayList<>();
        array.forEach(
                e -> listed.add(e.get("name").asText() + " " + e.get("size").asLong() + " "
                        + e.get("compressedSize").asLong() + " " + e.get("crc").asText()));
        List<String> expected = new ArrayList<>();
        try (ZipFile zf = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            for (ZipEntry e : Collections.list(zf.entries())) {
                expected.add(e.getName() + " " + e.getSize() + " " + e.getCompressedSize() + " "
                        + String.format("%08x", e.getCrc()));
            }
        }
        assertEquals(expected, listed);
    }

    @Test
    void textHasOneLinePerEntryWithSizesTimeAndName() throws Exception {
        Exports.Export single = Exports.get("single");
        Cli.Result r = list(single.part(".zip.smime"), "rsa.key");
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(15, lines.size(), r.out());

        Path source = Fixtures.tree("small").resolve("données/été 2026.jsonl");
        JsonNode item = null;
        for (JsonNode e : JSON.readTree(
                list(single.part(".zip.smime"), "rsa.key", "--json").out())) {
            if (e.get("name").asText().equals("données/été 2026.jsonl")) {
                item = e;
            }
        }
        String time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(ZoneId.systemDefault())
                .format(Instant.parse(item.get("modified").asText()));
        String line = lines.stream()
                .filter(l -> l.endsWith("  données/été 2026.jsonl"))
                .findFirst()
                .orElseThrow();
        String[] fields = line.trim().split("\\s+", 5);
        assertEquals(Long.toString(Files.size(source)), fields[0], line);
        assertEquals(item.get("compressedSize").asText(), fields[1], line);
        assertEquals(time, fields[2] + " " + fields[3], line);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("  emptydir/")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("  contact history/a b.jsonl")), r.out());
    }

    @Test
    void listingDamagedDataStillWorksButIncompleteSetsDoNot() {
        // list reads only the directory: a flipped bit in .z06 goes unnoticed (verify is for that) …
        Cli.Result flipped = list(Exports.get("flipped").part(".z01.smime"), "rsa.key");
        assertEquals(0, flipped.code(), flipped::toString);
        // … but a missing part is still reported.
        Cli.Result tail = list(Exports.get("missing-tail").part(".z01.smime"), "rsa.key");
        assertEquals(3, tail.code(), tail::toString);
        assertTrue(tail.err().contains(".z10.smime") && tail.err().contains(".z11.smime"), tail.err());
        Cli.Result wrongKey = list(Exports.get("split12").part(".z01.smime"), "other.key");
        assertEquals(4, wrongKey.code(), wrongKey::toString);
        assertFalse(wrongKey.err().contains("\tat "));
    }
}
