package org.cddsdecrypt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distribution's launcher, unpacked from the tar.gz and run as a user would: under a pseudo-terminal (util-linux
 * {@code script}) the progress line appears; with pipes it does not; symbolic links and exit codes work.
 */
class TerminalProgressIT {
    /** A progress frame: percentage, bar, bytes of total, rate. */
    private static final Pattern FRAME = Pattern.compile(
            "\\d{1,3}% \\[[=> ]{20}\\] [\\d.]+ (B|KiB|MiB) of [\\d.]+ (B|KiB|MiB)  [\\d.]+ (B|KiB|MiB)/s  ");

    private static final Path WORK = DistributionIT.TARGET.resolve("it-dist");
    private static Path launcher;

    private record Run(int code, String out, String err) {}

    @BeforeAll
    static void unpack() throws Exception {
        launcher = DistributionIT.unpackTarGz(WORK).resolve("bin/cdds-decrypt");
        assertTrue(Files.isExecutable(launcher));
    }

    private static Path part(String segment) {
        return Fixtures.exportDir("split12")
                .resolve("export-22222222-2222-4222-8222-222222222222." + segment + ".smime");
    }

    private static Run run(List<String> command, boolean ci) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("CI"); // CI runs set it, and it turns progress off
        if (ci) {
            pb.environment().put("CI", "true");
        }
        Path out = Files.createTempFile(WORK, "out", ".txt");
        Path err = Files.createTempFile(WORK, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished: " + command);
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Runs {@code shellCommand} with stdin, stdout and stderr on a pseudo-terminal; returns what it displayed. */
    private static Run underPty(String shellCommand, boolean ci) throws Exception {
        return run(List.of("script", "-qfec", shellCommand, "/dev/null"), ci);
    }

    private static String quote(Object o) {
        return "'" + o.toString().replace("'", "'\\''") + "'";
    }

    @Test
    void onATerminalExtractShowsProgressWithPercentAndRate() throws Exception {
        Path out = WORK.resolve("tty-out");
        Run r = underPty(
                quote(launcher) + " extract -k " + quote(Fixtures.key("rsa.key")) + " -o " + quote(out) + " "
                        + quote(part("z04")),
                false);
        assertEquals(0, r.code(), r.toString());
        assertTrue(FRAME.matcher(r.out()).find(), "progress frame on the terminal: " + r.out());
        assertTrue(r.out().contains("100% [====================]") && r.out().contains("done in "), r.out());
        assertTrue(r.out().contains(out.toString()), "and the result: " + r.out());
        assertTrue(Files.isDirectory(out.resolve("beta/gamma")));
    }

    @Test
    void onATerminalQuietOrCiShowNoProgress() throws Exception {
        Run quiet = underPty(
                quote(launcher) + " verify -q -k " + quote(Fixtures.key("rsa.key")) + " " + quote(part("zip")), false);
        assertEquals(0, quiet.code(), quiet.toString());
        assertEquals("", quiet.out().strip());

        Run ci = underPty(
                quote(launcher) + " verify -k " + quote(Fixtures.key("rsa.key")) + " " + quote(part("zip")), true);
        assertEquals(0, ci.code(), ci.toString());
        assertFalse(ci.out().contains("%"), ci.out());
        assertTrue(ci.out().startsWith("OK "), ci.out());
    }

    @Test
    void withPipesThereIsNoProgressAndStdoutHoldsOnlyTheResult() throws Exception {
        Path out = WORK.resolve("pipe-out");
        Run r = run(
                List.of(
                        launcher.toString(),
                        "extract",
                        "-k",
                        Fixtures.key("rsa.key").toString(),
                        "-o",
                        out.toString(),
                        part("z01").toString()),
                false);
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.err());
        assertEquals(out + "\n", r.out());
    }

    @Test
    void aSymlinkedLauncherWorksAndKeepsExitCodes() throws Exception {
        Path bin = Files.createDirectories(WORK.resolve("on-path"));
        Path link = bin.resolve("cdds-decrypt");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, launcher);

        Run version = run(List.of(link.toString(), "--version"), false);
        assertEquals(0, version.code(), version.toString());
        assertTrue(version.out().startsWith("cdds-decrypt " + DistributionIT.VERSION + "\n"), version.out());
        assertTrue(
                version.out().contains("Bouncy Castle " + System.getProperty("cdds.bouncycastle.version")),
                "read from bcprov's manifest: " + version.out());
        assertTrue(version.out().contains("Commons Compress 1."), version.out());

        assertEquals(2, run(List.of(link.toString(), "--bogus"), false).code());
        Path missing = Fixtures.exportDir("missing").resolve("export-88888888-8888-4888-8888-888888888888.zip.smime");
        Run incomplete = run(List.of(link.toString(), "verify", missing.toString()), false);
        assertEquals(3, incomplete.code(), incomplete.toString());
        assertTrue(incomplete.err().contains("download them again"), incomplete.err());
    }
}
