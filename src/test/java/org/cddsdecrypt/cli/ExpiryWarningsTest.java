package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Openssl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * extract, decrypt and batch warn once, on stderr, when the certificate of the key that opened an export expires
 * within 30 days; -q silences it, and a certificate with longer to live gets none. The exports are zipped by
 * Info-ZIP and encrypted by openssl to a certificate made by keygen.
 */
class ExpiryWarningsTest {
    private static final String WARNING = "cdds-decrypt: warning: the certificate of key ";

    @TempDir
    Path dir;

    /** One export, {@code export-UUID.zip.smime}, encrypted to {@code pair}'s certificate, in {@code inbox}. */
    private static Path export(NewPair pair, Path inbox, String uuid) throws Exception {
        Path content = Files.createDirectories(inbox.resolveSibling("content-" + uuid));
        Files.writeString(content.resolve("calls.jsonl"), "{\"call\": \"" + uuid + "\"}\n");
        Path zip = content.resolve("export.zip");
        Processes.Run zipped =
                Processes.run(content, java.util.Map.of(), List.of("zip", "-q", "export.zip", "calls.jsonl"));
        assertEquals(0, zipped.code(), zipped.output());
        Files.createDirectories(inbox);
        return pair.encrypt(zip, inbox.resolve("export-" + uuid + ".zip.smime"));
    }

    private static void assertOneWarning(Cli.Result r, NewPair pair) {
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith(WARNING + pair.key() + " ("), r.err());
        assertTrue(lines.get(0).contains("serial " + Openssl.serial(pair.cert())), r.err());
        assertTrue(lines.get(0).contains("(in 10 days)"), r.err());
    }

    private static void assertSilent(Cli.Result r) {
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void decryptWarnsOnceAndNotWithQuiet() throws Exception {
        NewPair soon = NewPair.make(dir, "soon", "--no-passphrase", "--days", "10");
        Path part = export(soon, dir.resolve("in"), "11111111-1111-4111-8111-111111111111");
        assertOneWarning(new Cli().run("decrypt", "-k", soon.key(), "-o", dir.resolve("a.zip"), part), soon);
        assertSilent(new Cli().run("decrypt", "-q", "-k", soon.key(), "-o", dir.resolve("b.zip"), part));
    }

    @Test
    void extractWarnsOnceAndNotWithQuiet() throws Exception {
        NewPair soon = NewPair.make(dir, "soon", "--no-passphrase", "--days", "10");
        Path part = export(soon, dir.resolve("in"), "22222222-2222-4222-8222-222222222222");
        Cli.Result r = new Cli().run("extract", "-k", soon.key(), "-o", dir.resolve("tree"), part);
        assertOneWarning(r, soon);
        assertTrue(Files.isRegularFile(dir.resolve("tree/calls.jsonl")));
        assertSilent(new Cli().run("extract", "-q", "-k", soon.key(), "-o", dir.resolve("tree2"), part));
    }

    @Test
    void batchWarnsOnceForEveryExportOfTheRun() throws Exception {
        NewPair soon = NewPair.make(dir, "soon", "--no-passphrase", "--days", "10");
        Path inbox = dir.resolve("inbox");
        export(soon, inbox, "33333333-3333-4333-8333-333333333333");
        export(soon, inbox, "44444444-4444-4444-8444-444444444444");
        Cli.Result r = new Cli().run("batch", "-k", soon.key(), "--out", dir.resolve("out"), inbox);
        assertOneWarning(r, soon);
        assertTrue(r.out().contains("2 exports: 2 done"), r.out());
    }

    @Test
    void aCertificateWithMoreThanThirtyDaysLeftGetsNoWarning() throws Exception {
        NewPair fine = NewPair.make(dir, "fine", "--no-passphrase", "--days", "31");
        Path part = export(fine, dir.resolve("in"), "55555555-5555-4555-8555-555555555555");
        assertSilent(new Cli().run("extract", "-k", fine.key(), "-o", dir.resolve("tree"), part));
    }
}
