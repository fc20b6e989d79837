package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors (exit 2) and the help text. */
class DecryptUsageTest {
    private static final String SYNOPSIS = "cdds-decrypt decrypt [";

    @TempDir
    Path dir;

    @Test
    void unknownOptionShowsTheUsageLine() {
        Cli.Result r =
                new Cli().run("decrypt", "--bogus", "-k", Fixtures.key("rsa.key"), Fixtures.message("aes256.smime"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
        assertTrue(r.err().contains(SYNOPSIS), r.err());
        assertTrue(r.err().contains("--help"), r.err());
    }

    @Test
    void missingFileArgument() {
        Cli.Result r = new Cli().run("decrypt", "-k", Fixtures.key("rsa.key"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains(SYNOPSIS), r.err());
    }

    @Test
    void standardInputNeedsAnOutput() {
        Cli.Result r = new Cli().stdin(new byte[] {1, 2, 3}).run("decrypt", "-k", Fixtures.key("rsa.key"), "-");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("-o"), r.err());
    }

    @Test
    void noKeyGiven() {
        Cli.Result r = new Cli().run("decrypt", "-o", dir.resolve("out"), Fixtures.message("aes256.smime"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("-k"), r.err());
    }

    @Test
    void severalInputsNeedAnOutputDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "-o",
                        file,
                        Fixtures.message("aes128.smime"),
                        Fixtures.message("aes192.smime"));
        assertEquals(2, r.code(), r::toString);
        assertEquals("x", Files.readString(file));
    }

    @Test
    void badPassinForm() {
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        Fixtures.key("rsa.key"),
                        "--passin",
                        "hunter2",
                        "-o",
                        dir.resolve("out"),
                        Fixtures.message("aes256.smime"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(!r.err().contains("hunter2"), "a mistyped passphrase is not echoed: " + r.err());
    }

    @Test
    void missingInputFile() {
        Cli.Result r = new Cli()
                .run("decrypt", "-k", Fixtures.key("rsa.key"), "-o", dir.resolve("out"), dir.resolve("absent.smime"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("absent.smime"), r.err());
    }

    @Test
    void helpListsEveryExitCode() {
        Cli.Result r = new Cli().run("decrypt", "--help");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertEquals(9, ExitCode.values().length);
        for (ExitCode code : ExitCode.values()) {
            String firstWord = code.meaning().split(" ")[0];
            Pattern line = Pattern.compile("(?m)^\\s+" + code.code() + "\\s+" + Pattern.quote(firstWord));
            assertTrue(line.matcher(r.out()).find(), code + " missing from:\n" + r.out());
        }
        for (String option : new String[] {"--key", "--passin", "--output", "--force", "--verbose"}) {
            assertTrue(r.out().contains(option), option);
        }
    }

    @Test
    void topLevelHelpNamesTheDecryptCommand() {
        Cli.Result r = new Cli().run("--help");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("decrypt"), r.out());
    }
}
