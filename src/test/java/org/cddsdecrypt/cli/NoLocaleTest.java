package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.testing.ChildJvm;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run without its launchers from cron, systemd or {@code env -i}, the JVM has no locale and encodes file names in
 * ASCII: a non-ASCII name given on the command line cannot be a path. Every command says so, names the fix (a UTF-8
 * locale) and exits 2, writing nothing; none calls it an internal error. Skipped on Windows and where the JVM
 * encodes file names in UTF-8 whatever the locale (macOS).
 */
class NoLocaleTest {
    private static final Map<String, String> CRON = Map.of("PATH", "/usr/bin:/bin");
    private static final String HINT = "cannot be a file name in this locale's character set";

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(Map<String, String> environment, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] stdout = p.getInputStream().readAllBytes();
        byte[] stderr = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the run finished");
        return new Run(
                p.exitValue(), new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
    }

    private static Run tool(Object... args) throws Exception {
        return run(CRON, ChildJvm.command(List.of(), args));
    }

    @BeforeAll
    static void fileNamesAreAsciiWithoutALocale() throws Exception {
        assumeTrue(File.separatorChar == '/', "Windows has no locale-less ASCII file names (nor /dev/null)");
        List<String> settings = new ArrayList<>(List.of(ChildJvm.java().toString(), "-XshowSettings:properties"));
        settings.add("-version");
        Run java = run(CRON, settings);
        assumeTrue(
                !java.err().contains("sun.jnu.encoding = UTF-8"),
                "this JVM encodes file names in UTF-8 without a locale");
    }

    private List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertNamesTheFix(Run run, String option) {
        assertEquals(ExitCode.USAGE.code(), run.code(), run.toString());
        String first = run.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("cdds-decrypt: "), first);
        assertTrue(first.contains(HINT) && first.contains("LC_ALL=C.UTF-8"), first);
        assertTrue(option == null || first.contains(option), first);
        assertFalse(run.err().contains("internal error"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void keygenWithANonAsciiKeyName() throws Exception {
        Run run = tool(
                "keygen",
                "--key",
                tmp.resolve("clé.key"),
                "--cert",
                tmp.resolve("clé.crt"),
                "--passout",
                "env:NOT_USED");
        assertNamesTheFix(run, "--key");
        assertEquals(List.of(), names(tmp), "nothing written");
    }

    @Test
    void decryptToANonAsciiOutputName() throws Exception {
        Path part = Exports.get("single").part(".zip.smime");
        Path out = Files.createDirectory(tmp.resolve("out"));
        Run run = tool("decrypt", "-q", "-k", Fixtures.key("rsa.key"), "-o", out.resolve("Données.zip"), part);
        assertNamesTheFix(run, null);
        assertEquals(List.of(), names(out), "nothing written, no temporary file left");
    }

    @Test
    void extractIntoANonAsciiFolder() throws Exception {
        Path part = Exports.get("split12").part(".z01.smime");
        Run run = tool("extract", "-q", "-k", Fixtures.key("rsa.key"), "-o", tmp.resolve("Réclamations"), part);
        assertNamesTheFix(run, "--output");
        assertEquals(List.of(), names(tmp), "nothing written");
    }

    @Test
    void aNonAsciiKeyFileForDecrypt() throws Exception {
        Path part = Exports.get("single").part(".zip.smime");
        Run run = tool("decrypt", "-q", "-k", tmp.resolve("clé.pem"), "-o", "-", part);
        assertNamesTheFix(run, "--key");
    }
}
