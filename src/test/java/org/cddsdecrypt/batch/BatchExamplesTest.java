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

    @Test
    void theCrontabExampleParses() throws Exception {
        List<List<String>> commands = batchCommands(Files.readString(Path.of("scripts/examples/crontab.example")));
        assertEquals(2, commands.size(), commands.toString());
        ParseResult active = parse(commands.get(0));
        assertTrue(active.hasMatchedOption("-q"));
        assertTrue(active.hasMatchedOption("--min-age"));
        assertEquals("file:/home/alice/.cdds/key-pass", active.matchedOptionValue("--passin", ""));
        assertFalse(active.hasMatchedOption("-k"), "keys come from $CDDS_DECRYPT_KEYS");
        assertTrue(parse(commands.get(1)).hasMatchedOption("--json"));
    }

    @Test
    void theSystemdServiceParses() throws Exception {
        String unit = Files.readString(Path.of("scripts/examples/cdds-decrypt-batch.service"));
        List<List<String>> commands = batchCommands(unit);
        assertEquals(1, commands.size(), commands.toString());
        ParseResult r = parse(commands.get(0));
        assertEquals("/srv/cdds/exports", r.matchedOptionValue("--out", Path.of("")).toString());
        assertTrue(unit.contains("Type=oneshot"));
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
    }
}
