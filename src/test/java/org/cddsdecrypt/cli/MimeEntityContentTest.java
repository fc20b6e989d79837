package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parts whose decrypted content is a MIME entity around the zip (segment), as a textbook S/MIME generator makes
 * them (fixtures {@code mime-*}). {@code extract}, {@code list} and {@code verify} read the body: ExtractCommandTest,
 * ListCommandTest and VerifyCommandTest run them through their checks (goodExports, failures). Here: {@code cat} and
 * {@code batch} read the body too, {@code decrypt} returns the content unchanged, as openssl does, and the entities
 * that only look like one fail the same way in every command.
 */
class MimeEntityContentTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}{1}")
    @CsvSource({
        "mime-b64, .zip.smime",
        "mime-binary, .zip.smime",
        "mime-split-b64, .z03.smime",
        "mime-split-binary, .zip.smime"
    })
    void decryptKeepsTheEntityByteForByteLikeOpenssl(String fixture, String suffix) throws Exception {
        Path part = Exports.get(fixture).part(suffix);
        Path out = tmp.resolve("plain");

        Cli.Result r = new Cli().runOnPart("decrypt", part, "rsa.key", "-q", "-o", out);

        assertEquals(0, r.code(), r::toString);
        byte[] expected = opensslDecrypt(part);
        assertEquals(
                "Content-Type:",
                new String(expected, 0, 13, StandardCharsets.US_ASCII),
                "the fixture's content is a MIME entity");
        assertArrayEquals(expected, Files.readAllBytes(out));
    }

    @ParameterizedTest(name = "{0}{1}")
    @CsvSource({"mime-b64, .zip.smime, marker.txt", "mime-split-binary, .z02.smime, alpha/file-03.bin"})
    void catWritesAFileFromTheBody(String fixture, String suffix, String file) throws Exception {
        Exports.Export export = Exports.get(fixture);

        Cli.Result r = new Cli().run("cat", "-k", Fixtures.key("rsa.key"), export.part(suffix), file);

        assertEquals(0, r.code(), r::toString);
        assertArrayEquals(Files.readAllBytes(export.treePath().resolve(file)), r.stdoutBytes());
    }

    @Test
    void batchExtractsEntityExportsFromADownloadFolder() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path out = tmp.resolve("out");
        for (String fixture : List.of("mime-b64", "mime-split-b64")) {
            Exports.Export export = Exports.get(fixture);
            try (Stream<Path> parts = Files.list(export.directory())) {
                for (Path p : parts.toList()) {
                    Files.copy(p, inbox.resolve(p.getFileName()));
                }
            }
        }

        Cli.Result r = new Cli().run("batch", "-k", Fixtures.key("rsa.key"), "--out", out, inbox);

        assertEquals(0, r.code(), r::toString);
        for (String fixture : List.of("mime-b64", "mime-split-b64")) {
            Exports.Export export = Exports.get(fixture);
            Trees.assertSameTree(export.treePath(), out.resolve(export.name()));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "mime-no-blank, list",
        "mime-no-blank, verify",
        "mime-bad-encoding, list",
        "mime-bad-encoding, verify",
        "mime-bad-encoding, info"
    })
    void anEntityThatCannotBeReadFailsInEveryCommandThatReadsTheZip(String fixture, String command) {
        Exports.Export export = Exports.get(fixture);
        List<String> before = Trees.names(export.directory());

        Cli.Result r = new Cli().runOnPart(command, export.part(".zip.smime"), "rsa.key");

        if (command.equals("info")) { // info does not decrypt: the part is an ordinary S/MIME message to it
            assertEquals(0, r.code(), r::toString);
        } else {
            assertEquals(5, r.code(), r::toString);
            assertTrue(
                    r.err().startsWith("cdds-decrypt: " + export.name() + ".zip.smime: the decrypted content "),
                    r::toString);
            ExtractFailuresTest.assertOneLine(r);
        }
        assertEquals(before, Trees.names(export.directory()), "nothing written beside the parts");
    }

    /** The reference: {@code openssl smime -decrypt -binary}, as the service's guide tells users to run. */
    private byte[] opensslDecrypt(Path part) throws IOException, InterruptedException {
        Path out = tmp.resolve("openssl.out");
        Process p = new ProcessBuilder(
                        "openssl",
                        "smime",
                        "-decrypt",
                        "-binary",
                        "-inkey",
                        Fixtures.key("rsa.key").toString(),
                        "-in",
                        part.toString(),
                        "-out",
                        out.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
        return Files.readAllBytes(out);
    }
}
