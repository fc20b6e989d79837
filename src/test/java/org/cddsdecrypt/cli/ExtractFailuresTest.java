package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Openssl;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure fixture through {@code extract}: the documented exit code, one line on stderr, nothing at the
 * destination, no staging folder or other leftovers beside it, nothing written outside it.
 */
class ExtractFailuresTest {
    /** Where the traversal fixture's "../evil.txt" would land from outside-the-root code paths is {@code tmp}. */
    @TempDir
    Path tmp;

    /** {@code {name}} in a fragment stands for the export's name ("export-<uuid>"). */
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("missing", ".z01.smime", 3, List.of("{name}.z04.smime", "{name}.z07.smime")),
                Arguments.of("missing", ".zip.smime", 3, List.of("{name}.z04.smime", "{name}.z07.smime")),
                Arguments.of("missing-tail", ".z05.smime", 3, List.of("{name}.z10.smime", "{name}.z11.smime")),
                Arguments.of("no-final", ".z03.smime", 3, List.of("{name}.zip.smime")),
                Arguments.of("truncated", ".z01.smime", 5, List.of("{name}.z06.smime", "truncated")),
                Arguments.of("flipped", ".z11.smime", 5, List.of("CRC")),
                Arguments.of("crc", ".zip.smime", 5, List.of("CRC", "marker.txt")),
                Arguments.of("traversal", ".zip.smime", 6, List.of("../evil.txt")),
                Arguments.of("absolute", ".zip.smime", 6, List.of("/tmp/evil.txt")),
                Arguments.of("symlink", ".zip.smime", 6, List.of("link")),
                Arguments.of("bomb", ".zip.smime", 6, List.of("--max-ratio")),
                Arguments.of("notsmime", ".zip.smime", 5, List.of("{name}.zip.smime", "not an S/MIME")),
                Arguments.of(
                        "mime-no-blank",
                        ".zip.smime",
                        5,
                        List.of("{name}.zip.smime", "starts with a MIME header (Content-Type)", "not a MIME entity")),
                Arguments.of("mime-bad-encoding", ".zip.smime", 5, List.of("{name}.zip.smime", "x-uuencode")));
    }

    @ParameterizedTest(name = "{0} from {1} exits {2}")
    @MethodSource("failures")
    void failsCleanly(String fixture, String suffix, int code, List<String> fragments) throws Exception {
        Exports.Export export = Exports.get(fixture);
        Cli.Result r = extractExpectingFailure(export.part(suffix), code, Fixtures.key("rsa.key"));
        for (String f : fragments) {
            String want = f.replace("{name}", export.name());
            assertTrue(r.err().contains(want), "stderr names " + want + ": " + r.err());
        }
    }

    @Test
    void missingPartsAreNamedEachAndOnlyThose() {
        Exports.Export missing = Exports.get("missing");
        Cli.Result r = extractExpectingFailure(missing.part(".z05.smime"), 3, Fixtures.key("rsa.key"));
        for (int n = 1; n <= 11; n++) {
            String name = missing.name() + String.format(".z%02d.smime", n);
            assertEquals(n == 4 || n == 7, r.err().contains(name), name + " in: " + r.err());
        }
    }

    @Test
    void missingTailIsOnlyRevealedByTheEndRecord() throws Exception {
        // Names alone look complete (.z01-.z09 and .zip): the final segment's directory record says 12 segments.
        Exports.Export tail = Exports.get("missing-tail");
        try (var listing = Files.list(tail.directory())) {
            assertEquals(10, listing.count());
        }
        extractExpectingFailure(tail.part(".zip.smime"), 3, Fixtures.key("rsa.key"));
    }

    @Test
    void wrongKeyListsRecipientsAndKeysTried() {
        Exports.Export split12 = Exports.get("split12");
        Cli.Result r = extractExpectingFailure(
                split12.part(".z02.smime"), 4, Fixtures.key("other.key"), Fixtures.key("rsa2.key"));
        String serial = Openssl.serial(Fixtures.key("rsa.crt"));
        assertTrue(r.err().contains("CN=cdds-test-rsa"), r.err());
        assertTrue(r.err().contains(serial), "serial " + serial + " as openssl prints it: " + r.err());
        assertTrue(r.err().contains(Fixtures.key("other.key").toString()), r.err());
        assertTrue(r.err().contains(Fixtures.key("rsa2.key").toString()), r.err());
    }

    @Test
    void loneFinalSegmentOfASplitSetNamesTheMissingParts() throws Exception {
        Exports.Export split12 = Exports.get("split12");
        Path downloads = Files.createDirectory(tmp.resolve("downloads"));
        Path lone = Files.copy(split12.part(".zip.smime"), downloads.resolve(split12.name() + ".zip.smime"));
        Path dest = tmp.resolve("out");

        Cli.Result r = new Cli().run("extract", "-k", Fixtures.key("rsa.key"), "-o", dest, lone);

        assertEquals(3, r.code(), r::toString);
        assertOneLine(r);
        String range = split12.name() + ".z01.smime to " + split12.name() + ".z11.smime (11 parts)";
        assertTrue(r.err().contains(range), range + " in: " + r.err());
        assertEquals(List.of("downloads"), Trees.names(tmp));
    }

    /**
     * Runs extract into {@code tmp/out} and checks everything common to failures; returns the result for the
     * message checks.
     */
    private Cli.Result extractExpectingFailure(Path part, int code, Path... keys) {
        Path dest = tmp.resolve("out");
        Path absoluteLanding = Path.of("/tmp/evil.txt");
        boolean absoluteExisted = Files.exists(absoluteLanding, LinkOption.NOFOLLOW_LINKS);
        FileTime absoluteTime = absoluteExisted ? mtime(absoluteLanding) : null;
        List<String> fixtureFolderBefore = Trees.names(part.getParent());

        Object[] args = new Object[4 + 2 * keys.length];
        int i = 0;
        args[i++] = "extract";
        for (Path k : keys) {
            args[i++] = "-k";
            args[i++] = k;
        }
        args[i++] = "-o";
        args[i++] = dest;
        args[i] = part;
        Cli.Result r = new Cli().run(args);

        assertEquals(code, r.code(), r::toString);
        assertOneLine(r);
        assertEquals("", r.out(), "stdout names a destination only on success");
        assertFalse(Files.exists(dest, LinkOption.NOFOLLOW_LINKS), "nothing at the destination");
        assertEquals(List.of(), Trees.names(tmp), "no staging folder or hidden leftovers beside the destination");
        assertFalse(Files.exists(tmp.resolve("evil.txt")), "traversal landed beside the destination");
        assertEquals(absoluteExisted, Files.exists(absoluteLanding, LinkOption.NOFOLLOW_LINKS));
        if (absoluteExisted) {
            assertEquals(absoluteTime, mtime(absoluteLanding), "/tmp/evil.txt was rewritten");
        }
        assertEquals(fixtureFolderBefore, Trees.names(part.getParent()), "nothing written beside the parts");
        return r;
    }

    static void assertOneLine(Cli.Result r) {
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line on stderr: " + r.err());
        assertTrue(err.startsWith("cdds-decrypt: "), err);
        assertFalse(err.contains("internal error"), err);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
