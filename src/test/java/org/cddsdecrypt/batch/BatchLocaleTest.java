package org.cddsdecrypt.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cddsdecrypt.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run without its launchers under cron's empty environment, Java can encode no non-ASCII file name: batch names
 * the cause and the fix instead of an internal error, and the export is done by the first run with a UTF-8
 * locale (no --retry-failed needed: the parts were never the problem).
 */
class BatchLocaleTest {
    private static final String EXPORT = "export-0c0ffee0-1111-4222-8333-444455556666";
    private static final String ENTRY = "Données/Réclamations-Köln.jsonl";

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run batch(Map<String, String> environment, Path inbox, Path out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(List.of(), "batch", "--out", out, inbox));
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] stdout = p.getInputStream().readAllBytes();
        byte[] stderr = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        return new Run(
                p.exitValue(), new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
    }

    @Test
    void aNonAsciiEntryUnderNoLocaleNamesTheFixAndWorksWithAUtf8Locale() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path out = tmp.resolve("out");
        // A decrypted export (batch takes those too), zipped by the JDK with UTF-8 names.
        try (ZipOutputStream z =
                new ZipOutputStream(Files.newOutputStream(inbox.resolve(EXPORT + ".zip")), StandardCharsets.UTF_8)) {
            z.putNextEntry(new ZipEntry(ENTRY));
            z.write("{}\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }

        Run bare = batch(Map.of("PATH", "/usr/bin:/bin"), inbox, out);
        assertEquals(8, bare.code(), bare.toString());
        String line = bare.out().lines().findFirst().orElseThrow();
        assertTrue(line.startsWith("failed " + EXPORT + ": the name \""), line);
        assertTrue(
                line.contains("cannot be a file name in this locale's character set")
                        && line.contains("LC_ALL=C.UTF-8")
                        && line.endsWith("(exit 7)"),
                line);
        assertEquals(List.of(Batch.STATE_FOLDER), Inboxes.names(out), "nothing extracted");

        Run utf8 = batch(Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C.UTF-8"), inbox, out);
        assertEquals(0, utf8.code(), utf8.toString());
        assertEquals("{}\n", Files.readString(out.resolve(EXPORT).resolve(ENTRY)));
    }
}
