package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stdout carries results only, stderr diagnostics; progress only on a terminal (simulated here; the real terminal
 * check is driven through a pseudo-terminal in TerminalProgressIT), never with -q or $CI, forced by --progress.
 */
class QuietAndTerminalTest {
    /** A progress frame: percentage, bar, bytes of total, rate. */
    private static final Pattern FRAME = Pattern.compile(
            "\\d{1,3}% \\[[=> ]{20}\\] [\\d.]+ (B|KiB|MiB) of [\\d.]+ (B|KiB|MiB)  [\\d.]+ (B|KiB|MiB)/s  ");

    @TempDir
    Path tmp;

    private Object[] extract(Path out, Object... options) {
        Object[] args = new Object[options.length + 6];
        args[0] = "extract";
        System.arraycopy(options, 0, args, 1, options.length);
        int i = options.length + 1;
        args[i++] = "-k";
        args[i++] = UxFixtures.rsaKey();
        args[i++] = "-o";
        args[i++] = out;
        args[i] = UxFixtures.part("split12", "z02");
        return args;
    }

    @Test
    void quietSuccessPrintsNothingAtAll() {
        Cli.Result r = new Cli().stderrIsTerminal().run(extract(tmp.resolve("q"), "-q"));
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.out());
        assertEquals("", r.err());
        assertTrue(Files.isDirectory(tmp.resolve("q/alpha")));

        Cli.Result verify = new Cli()
                .stderrIsTerminal()
                .run("verify", "-q", "-k", UxFixtures.rsaKey(), UxFixtures.part("split12", "zip"));
        assertEquals(0, verify.code(), verify.toString());
        assertEquals("", verify.out() + verify.err());

        Cli.Result decrypt = new Cli()
                .stderrIsTerminal()
                .run(
                        "decrypt",
                        "-q",
                        "-k",
                        UxFixtures.rsaKey(),
                        "-o",
                        tmp.resolve("payload"),
                        Fixtures.message("aes256.smime"));
        assertEquals(0, decrypt.code(), decrypt.toString());
        assertEquals("", decrypt.out() + decrypt.err());
    }

    @Test
    void quietStillReportsErrors() {
        Cli.Result r = new Cli().run("verify", "-q", "-k", UxFixtures.rsaKey(), UxFixtures.part("crc", "zip"));
        assertEquals(5, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("cdds-decrypt: "), r.err());
    }

    @Test
    void notATerminalMeansNoProgressAndResultsOnStdoutOnly() {
        Path out = tmp.resolve("plain");
        Cli.Result r = new Cli().run(extract(out));
        assertEquals(0, r.code(), r.toString());
        assertEquals(out + System.lineSeparator(), r.out(), "stdout: the folder written");
        assertEquals("", r.err());

        Cli.Result decrypt = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        UxFixtures.rsaKey(),
                        "-o",
                        tmp.resolve("payload"),
                        Fixtures.message("aes256.smime"));
        assertEquals(tmp.resolve("payload") + System.lineSeparator(), decrypt.out());
        assertEquals("", decrypt.err());
    }

    @Test
    void aTerminalGetsALiveProgressLine() {
        Cli.Result r = new Cli().stderrIsTerminal().run(extract(tmp.resolve("tty")));
        assertEquals(0, r.code(), r.toString());
        assertTrue(FRAME.matcher(r.err()).find(), r.err());
        assertTrue(r.err().contains("100% [====================]"), r.err());
        assertTrue(r.err().contains("done in "), r.err());
        assertTrue(r.err().startsWith("\r"), "drawn in place: " + r.err());
        assertFalse(r.err().contains("\u001b"), "no escape sequences (no colour)");
        assertEquals(tmp.resolve("tty") + System.lineSeparator(), r.out(), "progress never on stdout");

        Cli.Result verify = new Cli()
                .stderrIsTerminal()
                .run("verify", "-k", UxFixtures.rsaKey(), UxFixtures.part("split12", "zip"));
        assertTrue(FRAME.matcher(verify.err()).find(), verify.err());

        Cli.Result decrypt = new Cli()
                .stderrIsTerminal()
                .run(
                        "decrypt",
                        "-k",
                        UxFixtures.rsaKey(),
                        "-o",
                        tmp.resolve("payload"),
                        Fixtures.message("aes256.smime"));
        assertTrue(FRAME.matcher(decrypt.err()).find(), decrypt.err());
    }

    @Test
    void totalIsTheEncryptedBytesRead() throws Exception {
        Cli.Result r = new Cli()
                .stderrIsTerminal()
                .run(
                        "decrypt",
                        "-k",
                        UxFixtures.rsaKey(),
                        "-o",
                        tmp.resolve("payload"),
                        Fixtures.message("aes256.smime"));
        String size = Progress.bytes(Files.size(Fixtures.message("aes256.smime")));
        assertTrue(r.err().contains(size + " of " + size), size + " in " + r.err());
    }

    @Test
    void ciQuietAndNoProgressTurnItOffProgressForcesIt() {
        Cli.Result ci = new Cli().stderrIsTerminal().env("CI", "true").run(extract(tmp.resolve("ci")));
        assertEquals("", ci.err());
        Cli.Result off = new Cli().stderrIsTerminal().run(extract(tmp.resolve("off"), "--no-progress"));
        assertEquals("", off.err());
        Cli.Result forced = new Cli().env("CI", "1").run(extract(tmp.resolve("forced"), "--progress"));
        assertTrue(FRAME.matcher(forced.err()).find(), forced.err());
        Cli.Result cat =
                new Cli().run("cat", "--progress", "-k", UxFixtures.rsaKey(), UxFixtures.part("split12", "zip"));
        assertTrue(FRAME.matcher(cat.err()).find(), cat.err());
        assertFalse(cat.out().contains("%"), "progress is not mixed into stdout");
    }

    @Test
    void verboseAddsDetailOnStderr() {
        Cli.Result r = new Cli().run(extract(tmp.resolve("v"), "-v"));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("12 part(s), 17 entries"), r.err());
        assertEquals(tmp.resolve("v") + System.lineSeparator(), r.out());
    }
}
