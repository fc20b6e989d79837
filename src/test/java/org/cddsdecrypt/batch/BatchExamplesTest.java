package org.cddsdecrypt.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cddsdecrypt.cli.BatchCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The command lines shown in scripts/examples/ and the README's cron section parse as batch command lines. */
class BatchExamplesTest {
    /** Every {@code cdds-decrypt batch …} command in {@code text} (continuation lines joined), as arguments. */
    static List<List<String>> batchCommands(String text) {
        List<List<String>> commands = new ArrayList<>();
        for (String line : text.replace("\\\n", " ").split("\n")) {
            String l = line.strip().replaceFirst("^#\\s*", "");
            int at = l.indexOf("cdds-decrypt batch -");
            if (at < 0) {
                continue; // prose, or the synopsis ("batch [-k KEY]...")
            }
            String args = l.substring(at + "cdds-decrypt batch ".length()).replaceAll("\\s*>>.*$", "");
            commands.add(Arrays.asList(args.strip().split("\\s+")));
        }
        return commands;
    }

    static ParseResult parse(List<String> args) {
        return new CommandLine(new BatchCommand()).parseArgs(args.toArray(String[]::new));
    }

    /** The lines of {@code text} that run the tool, continuation lines joined, comment signs removed. */
    static List<String> commandLines(String text) {
        return text.replace("\\\n", " ")
                .lines()
                .map(l -> l.strip().replaceFirst("^#\\s*", ""))
                .filter(l -> l.contains("cdds-decrypt batch -"))
                .toList();
    }

    /**
     * Each runs the installed distribution's launcher (a source checkout's needs Maven and writes into target/) and
     * never sends stderr into stdout: a JSON log stays JSON, and alerts still reach the mail or the journal.
     */
    static void assertRunsTheInstalledLauncherWithStderrApart(List<String> lines) {
        for (String line : lines) {
            assertTrue(line.contains("/opt/cdds-decrypt/bin/cdds-decrypt batch "), line);
            assertFalse(line.contains("scripts/cdds-decrypt"), line);
            assertFalse(line.contains("2>&1") || line.contains("&>"), line);
        }
    }

    @Test
    void theCrontabExampleParses() throws Exception {
        String crontab = Files.readString(Path.of("scripts/examples/crontab.example"));
        List<List<String>> commands = batchCommands(crontab);
        assertEquals(2, commands.size(), commands.toString());
        ParseResult active = parse(commands.get(0));
        assertTrue(active.hasMatchedOption("-q"));
        assertTrue(active.hasMatchedOption("--min-age"));
        assertTrue(active.hasMatchedOption("--max-wait"), "a stuck download is reported");
        assertEquals("file:/home/alice/.cdds/key-pass", active.matchedOptionValue("--passin", ""));
        assertFalse(active.hasMatchedOption("-k"), "keys come from $CDDS_DECRYPT_KEYS");
        assertTrue(parse(commands.get(1)).hasMatchedOption("--json"));
        List<String> lines = commandLines(crontab);
        assertRunsTheInstalledLauncherWithStderrApart(lines);
        assertTrue(lines.get(1).endsWith(" >>/data/cdds/batch.jsonl"), "only stdout to the log: " + lines.get(1));
        assertTrue(crontab.lines().anyMatch(l -> l.equals("LC_ALL=C.UTF-8")), "a UTF-8 locale for file names");
    }

    @Test
    void theSystemdServiceParses() throws Exception {
        String unit = Files.readString(Path.of("scripts/examples/cdds-decrypt-batch.service"));
        List<List<String>> commands = batchCommands(unit);
        assertEquals(1, commands.size(), commands.toString());
        ParseResult r = parse(commands.get(0));
        assertEquals(
                "/srv/cdds/exports", r.matchedOptionValue("--out", Path.of("")).toString());
        assertTrue(r.hasMatchedOption("--json") && r.hasMatchedOption("--max-wait"));
        assertTrue(unit.contains("Type=oneshot"));
        assertRunsTheInstalledLauncherWithStderrApart(commandLines(unit));
        List<String> lines = unit.lines().toList();
        assertTrue(lines.contains("StandardOutput=append:/srv/cdds/batch.jsonl"), "the JSON log in a file");
        assertTrue(lines.contains("StandardError=journal"), "stderr apart, in the journal");
        assertTrue(lines.contains("Environment=LC_ALL=C.UTF-8"), "a UTF-8 locale for file names");
        String timer = Files.readString(Path.of("scripts/examples/cdds-decrypt-batch.timer"));
        assertTrue(timer.contains("Unit=cdds-decrypt-batch.service"));
    }

    @Test
    void theReadmeCronLineParses() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Running from cron"));
        List<List<String>> commands = batchCommands(section.substring(0, section.indexOf("\n## ", 3)));
        assertFalse(commands.isEmpty());
        for (List<String> c : commands) {
            parse(c);
        }
        assertRunsTheInstalledLauncherWithStderrApart(
                commandLines(section.substring(0, section.indexOf("\n## ", 3))).stream()
                        .filter(l -> l.startsWith("*/15"))
                        .toList());
    }
}
