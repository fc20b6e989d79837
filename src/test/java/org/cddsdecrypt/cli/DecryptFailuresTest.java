package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad or corrupt input: exit 5, one line on stderr, and nothing left in the output directory. */
class DecryptFailuresTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "notsmime.txt, plain text",
        "notsmime.zip, zip",
        "headers-only.smime, base64",
        "truncated.smime, truncated",
        "truncated-der.p7m, truncated",
        "badpad.smime, padding",
        "badpad.p7m, padding"
    })
    void badInputIsExit5WithOneLineAndNoOutput(String fixture, String mentioned) throws IOException {
        assertBadInput(Fixtures.message(fixture), mentioned);
    }

    @Test
    void emptyFile() throws IOException {
        Path empty = Files.createFile(Files.createDirectory(dir.resolve("in")).resolve("empty.smime"));
        assertBadInput(empty, "empty");
    }

    @Test
    void tamperedGcmTagIsExit5() throws IOException {
        // Flip a bit of the last byte of gcm.p7m: openssl's DER ends with the 16-byte tag.
        byte[] der = Files.readAllBytes(Fixtures.message("gcm.p7m"));
        der[der.length - 1] ^= 1;
        Path tampered = Files.write(Files.createDirectory(dir.resolve("in")).resolve("tampered.p7m"), der);
        assertBadInput(tampered, "authentication failed");
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path outDir = Files.createDirectory(dir.resolve("out"));
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "--verbose",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        outDir.resolve("x.bin"),
                        Fixtures.message("badpad.smime"));
        assertEquals(5, r.code(), r::toString);
        assertTrue(r.err().contains("\tat org.cddsdecrypt."), r.err());
        assertTrue(r.err().contains("CorruptInputException"), r.err());
    }

    private void assertBadInput(Path input, String mentioned) throws IOException {
        Path outDir = Files.createDirectories(dir.resolve("out"));
        Path out = outDir.resolve("result.bin");
        Cli.Result r = new Cli().run("decrypt", "-k", Fixtures.key("rsa.key"), "-o", out, input);
        assertEquals(5, r.code(), r::toString);
        assertTrue(r.err().startsWith("cdds-decrypt: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertTrue(r.err().toLowerCase(Locale.ROOT).contains(mentioned.toLowerCase(Locale.ROOT)), r.err());
        assertEquals(List.of(), list(outDir), "nothing left behind, not even a .cdds-tmp file");
        assertEquals(0, r.stdoutBytes().length);
    }

    static List<String> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
