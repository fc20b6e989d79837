package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

class HelpAndVersionTest {
    private static final String[] COMMANDS = {
        "extract", "decrypt", "list", "verify", "info", "cat", "batch", "keygen", "keys", "help"
    };

    @ParameterizedTest
    @ValueSource(
            strings = {"", "extract", "decrypt", "list", "verify", "info", "cat", "batch", "keygen", "keys", "help"})
    void everyHelpHasUsageExitCodesAndExamples(String command) {
        Cli.Result r = command.isEmpty() ? new Cli().run("--help") : new Cli().run(command, "--help");
        assertEquals(0, r.code(), r.toString());
        String out = r.out();
        assertTrue(out.startsWith("Usage: cdds-decrypt" + (command.isEmpty() ? "" : " " + command)), out);
        assertTrue(out.contains("%nExit codes:%n".formatted()), out);
        for (ExitCode code : ExitCode.values()) {
            assertTrue(
                    out.contains(String.format(
                            "%2d   %s",
                            code.code(),
                            code.meaning()
                                    .substring(0, Math.min(10, code.meaning().length())))),
                    "exit code " + code + " in " + out);
        }
        assertTrue(out.contains("%nExamples:%n  cdds-decrypt ".formatted()), out);
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"extract", "decrypt", "list", "verify", "info", "cat", "batch", "keygen", "keys"})
    void helpCommandShowsTheSameAsDashDashHelp(String command) {
        assertEquals(
                new Cli().run(command, "--help").out(),
                new Cli().run("help", command).out());
    }

    @Test
    void everyOptionAndParameterIsDescribed() {
        CommandLine root =
                Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null);
        List<String> undescribed = new ArrayList<>();
        List<CommandSpec> specs = new ArrayList<>();
        specs.add(root.getCommandSpec());
        for (String name : COMMANDS) {
            specs.add(root.getSubcommands().get(name).getCommandSpec());
        }
        for (CommandSpec spec : specs) {
            for (ArgSpec arg : spec.args()) {
                String text = String.join(" ", arg.description()).trim();
                if (text.isEmpty()) {
                    undescribed.add(spec.qualifiedName() + " " + arg);
                }
            }
        }
        assertEquals(List.of(), undescribed);
    }

    @Test
    void versionNamesToolJavaBouncyCastleAndCommonsCompress() {
        for (String[] args : new String[][] {{"--version"}, {"extract", "--version"}, {"-V"}}) {
            Cli.Result r = new Cli().run((Object[]) args);
            assertEquals(0, r.code(), r.toString());
            String out = r.out();
            assertTrue(
                    Pattern.compile("(?m)^cdds-decrypt \\d+\\.\\d+\\.\\d+")
                            .matcher(out)
                            .find(),
                    out);
            assertTrue(out.contains("Java " + System.getProperty("java.version")), out);
            String compress = org.apache.commons.compress.archivers.ArchiveEntry.class
                    .getPackage()
                    .getImplementationVersion();
            assertTrue(out.contains("Commons Compress " + compress), out);
            assertTrue(
                    Pattern.compile("(?m)^Bouncy Castle 1\\.\\d+").matcher(out).find(), out);
            assertFalse(out.contains("unknown") || out.contains("development"), out);
        }
        // 'cdds-decrypt --version' skips the command model; it must say exactly what picocli's path says.
        assertEquals(
                new Cli().run("extract", "--version").out(),
                new Cli().run("--version").out());
    }

    @Test
    void unknownOptionGivesErrorUsageLineAndSuggestion() {
        Cli.Result r = new Cli().run("extract", "--includ=x", "part.zip.smime");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("cdds-decrypt: Unknown option: '--includ=x'"), r.err());
        assertTrue(r.err().contains("--include"), "suggestion: " + r.err());
        assertTrue(r.err().contains("%nUsage: cdds-decrypt extract [".formatted()), r.err());
        assertTrue(r.err().contains("Try 'cdds-decrypt extract --help'"), r.err());
        assertTrue(r.err().lines().count() <= 8, "short: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void mistypedCommandGivesDidYouMean() {
        Cli.Result r = new Cli().run("extrct", "x");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("Did you mean: cdds-decrypt extract?"), r.err());
        assertTrue(r.err().contains("Usage: cdds-decrypt "), r.err());
    }

    @Test
    void badValuesAndMissingArgumentsAreUsageErrors() {
        Cli.Result size = new Cli().run("verify", "--max-size=lots", "part.zip.smime");
        assertEquals(2, size.code(), size.toString());
        assertTrue(size.err().contains("'lots' is not a size such as 500M or 2G"), size.err());
        assertTrue(size.err().contains("Usage: cdds-decrypt verify"), size.err());

        Cli.Result missing = new Cli().run("extract");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("Missing required parameter: 'PART'"), missing.err());

        Cli.Result conflict = new Cli().run("extract", "--stdout", "-o", "dir", "part.zip.smime");
        assertEquals(2, conflict.code(), conflict.toString());
        assertEquals(1, conflict.err().lines().count(), "found by the command: one line " + conflict.err());
        assertTrue(conflict.err().contains("--stdout writes no folder"), conflict.err());

        Cli.Result glob = new Cli().run("extract", "--include", "a[b", "part.zip.smime");
        assertEquals(2, glob.code(), glob.toString());
        assertTrue(glob.err().startsWith("cdds-decrypt: bad pattern: unclosed '['"), glob.err());
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = new Cli().run();
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("missing command"), r.err());
    }

    @Test
    void noColourWhenNoColorIsSet() {
        String before = System.getProperty("picocli.ansi");
        System.setProperty("picocli.ansi", "true"); // as if on a colour terminal
        try {
            assertTrue(new Cli().run("extract", "--help").out().contains("\u001b["), "coloured without NO_COLOR");
            Cli.Result r = new Cli().env("NO_COLOR", "1").run("extract", "--help");
            assertFalse(r.out().contains("\u001b["), r.out());
        } finally {
            if (before == null) {
                System.clearProperty("picocli.ansi");
            } else {
                System.setProperty("picocli.ansi", before);
            }
        }
    }

    /**
     * A run builds only the command it invokes (start-up), and that command's model is the same as in the whole
     * model: same usage text, same exit-code table. help, no command and a typo get every command.
     */
    @ParameterizedTest
    @ValueSource(strings = {"extract", "decrypt", "list", "verify", "info", "cat", "batch", "keygen", "keys"})
    void aRunBuildsOnlyItsCommandAndTheSameModelOfIt(String command) {
        CommandLine alone = Main.commandLine(
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null, command);
        CommandLine all =
                Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null);
        assertEquals(List.of(command), List.copyOf(alone.getSubcommands().keySet()));
        assertEquals(List.of(COMMANDS), List.copyOf(all.getSubcommands().keySet()));
        assertEquals(
                all.getSubcommands().get(command).getUsageMessage(CommandLine.Help.Ansi.OFF),
                alone.getSubcommands().get(command).getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (String first : new String[] {"help", "extrct", "--help"}) {
            assertEquals(
                    List.of(COMMANDS),
                    List.copyOf(Main.commandLine(
                                    new PrintWriter(new StringWriter()),
                                    new PrintWriter(new StringWriter()),
                                    null,
                                    first)
                            .getSubcommands()
                            .keySet()),
                    first);
        }
    }
}
