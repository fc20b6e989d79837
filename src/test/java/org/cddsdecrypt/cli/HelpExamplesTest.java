package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The examples of every command's help (which the man pages are generated from) and the command lines of the
 * README are real: each help example runs against the demo export and exits 0, each README command line parses
 * with the command model, and no help example is wrapped in the middle of a word.
 */
class HelpExamplesTest {
    private static final Path DEMO = Path.of("testdata/demo").toAbsolutePath();
    private static final String DEMO_EXPORT = "export-2b710a2c-0e7f-4918-983c-c02d108eaeb0";
    /** Shell words, quoted or not, and the operators that end a command. */
    private static final Pattern WORD = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\|\\||&&|[|>#])|([^\\s'\"|&>#]+)");

    @TempDir
    Path tmp;

    /** The examples section of a command's help as rendered (80 columns), up to the blank line after it. */
    static List<String> renderedExamples(String command) {
        Cli.Result help = command.isEmpty() ? new Cli().run("--help") : new Cli().run(command, "--help");
        String text = help.out();
        int at = text.lastIndexOf("\nExamples:\n");
        assertTrue(at >= 0, text);
        return text.substring(at + "\nExamples:\n".length())
                .lines()
                .takeWhile(l -> !l.isBlank())
                .toList();
    }

    /** One command per example: continuation lines ({@code \} at the end) joined. */
    static List<String> examples(List<String> lines) {
        List<String> examples = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            current.append(current.length() == 0 ? line.strip() : " " + line.strip());
            if (current.toString().endsWith("\\")) {
                current.setLength(current.length() - 1);
            } else {
                examples.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return examples;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "extract", "decrypt", "list", "verify", "info", "cat", "batch", "keygen", "keys", "help"})
    void helpExamplesAreNotWrapped(String command) {
        List<String> lines = renderedExamples(command);
        assertFalse(lines.isEmpty());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean continuation = i > 0 && lines.get(i - 1).endsWith("\\");
            // picocli starts a wrapped remainder in column 0; examples are indented, continuations further.
            assertTrue(
                    line.startsWith(continuation ? "      " : "  ")
                            && !line.startsWith(continuation ? "       " : "   "),
                    "wrapped example line in '" + command + " --help': " + line);
            assertTrue(line.length() <= 80, line);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "extract", "decrypt", "list", "verify", "info", "cat", "batch", "keygen", "keys", "help"})
    void helpExamplesRunAgainstTheDemoExport(String command) throws Exception {
        List<String> examples = examples(renderedExamples(command));
        assertFalse(examples.isEmpty());
        for (String example : examples) {
            Path work = Files.createTempDirectory(tmp, "example");
            Example e = Example.parse(example, new Placeholders(work));
            Cli.Result r = e.run(work);
            assertEquals(0, r.code(), example + "\nran as " + e.args() + "\n" + r);
            if (e.piped()) {
                assertFalse(r.out().isEmpty() && r.stdoutBytes().length == 0, "something to pipe: " + example);
            }
        }
    }

    /** The command lines in the README's code blocks parse as the tool's command lines (synopses aside). */
    @Test
    void readmeCommandLinesParse() throws Exception {
        List<String> lines = new ArrayList<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
            } else if (inCode) {
                lines.add(line);
            }
        }
        int parsed = 0;
        for (String example : examples(lines)) {
            Matcher m = Pattern.compile(
                            "cdds-decrypt (extract|decrypt|list|verify|info|cat|batch|keygen|keys|help)\\b(.*)")
                    .matcher(example);
            if (!m.find() || m.group(2).contains("[")) {
                continue; // prose, or a synopsis ("batch [-k KEY]...")
            }
            List<String> args = new ArrayList<>(List.of(m.group(1)));
            args.addAll(Example.words(m.group(2)).stream()
                    .takeWhile(w -> !Example.isOperator(w))
                    .toList());
            CommandLine model =
                    Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null);
            model.parseArgs(args.toArray(String[]::new)); // throws on an unknown option or a missing value
            parsed++;
        }
        assertTrue(parsed >= 6, "README command lines found: " + parsed);
    }

    /** The quick start of the README, run as written (its /tmp folders moved into this test's folder). */
    @Test
    void theReadmeQuickStartRuns() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String quickStart = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("## Install"));
        int ran = 0;
        for (String line : quickStart.lines().map(String::strip).toList()) {
            if (!line.startsWith("scripts/cdds-decrypt ") && !line.contains("&& scripts/cdds-decrypt ")) {
                continue;
            }
            String example = line.replace("/tmp/", tmp + "/").replace("scripts/cdds-decrypt", "cdds-decrypt");
            Example e = Example.parse(example, null);
            Cli.Result r = e.run(null);
            assertEquals(0, r.code(), line + "\n" + r);
            ran++;
        }
        assertEquals(2, ran, quickStart);
        try (Stream<Path> parts = Files.list(tmp.resolve("demo-parts"))) {
            assertEquals(
                    List.of(DEMO_EXPORT + ".z01", DEMO_EXPORT + ".zip"),
                    parts.map(p -> p.getFileName().toString()).sorted().toList(),
                    "every segment decrypted");
        }
    }

    /** Maps the placeholder names of the examples onto the demo export, a key and folders under {@code work}. */
    record Placeholders(Path work) {
        Path downloads() throws IOException {
            Path downloads = work.resolve("home/Downloads");
            if (!Files.isDirectory(downloads)) {
                copyDemoParts(downloads);
            }
            return downloads;
        }

        Path keys() throws IOException {
            Path keys = work.resolve("keys");
            if (!Files.isDirectory(keys)) {
                Files.createDirectories(keys);
                Path key = Files.copy(DEMO.resolve("demo-key.pem"), keys.resolve("my.key"));
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            }
            return keys;
        }

        /** The arguments a word of an example stands for. */
        List<String> map(String word) throws IOException {
            if (word.equals("my.key")) {
                return List.of(keys().resolve("my.key").toString());
            }
            if (word.equals("keys/") || word.endsWith("/keys")) {
                return List.of(keys().toString());
            }
            if (word.startsWith("file:")) {
                Path file = map(word.substring("file:".length())).stream()
                        .map(Path::of)
                        .findFirst()
                        .orElseThrow();
                Files.createDirectories(file.getParent());
                Files.writeString(file, "not needed: the demo key is not encrypted\n");
                return List.of("file:" + file);
            }
            if (word.contains("export-2b71…") || word.endsWith("*.smime")) {
                String name = Path.of(word)
                        .getFileName()
                        .toString()
                        .replace("export-2b71…", DEMO_EXPORT)
                        .replaceAll("\\.z\\d\\d\\.", ".z01."); // the demo has two parts
                return glob(downloads(), name);
            }
            if (word.endsWith("/") && !word.startsWith("-")) {
                return List.of(work.resolve(word) + "/"); // a folder of the working directory
            }
            if (word.startsWith("~/") || word.startsWith("/")) {
                return List.of(work.resolve(word.replaceFirst("^~?/", "")).toString());
            }
            return List.of(word);
        }

        private static List<String> glob(Path dir, String pattern) throws IOException {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            try (Stream<Path> files = Files.list(dir)) {
                List<String> found = files.filter(p -> matcher.matches(p.getFileName()))
                        .map(Path::toString)
                        .sorted()
                        .toList();
                assertFalse(found.isEmpty(), pattern + " in " + dir);
                return found;
            }
        }
    }

    static void copyDemoParts(Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> parts = Files.list(DEMO)) {
            for (Path p : parts.filter(p -> p.toString().endsWith(".smime")).toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    /**
     * The {@code cdds-decrypt} command of one example: its arguments (placeholders mapped), the variables set before
     * it, the folders a leading {@code mkdir} makes, and whether its output is piped on.
     */
    record Example(List<String> args, Map<String, String> env, List<Path> mkdirs, boolean piped) {
        static boolean isOperator(String word) {
            return word.equals("|") || word.equals("||") || word.equals("&&") || word.equals(">") || word.equals("#");
        }

        static List<String> words(String text) {
            List<String> words = new ArrayList<>();
            Matcher m = WORD.matcher(text);
            while (m.find()) {
                words.add(
                        m.group(1) != null
                                ? m.group(1)
                                : m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4));
            }
            return words;
        }

        static Example parse(String example, Placeholders placeholders) throws IOException {
            List<String> words = words(example);
            Map<String, String> env = new HashMap<>();
            List<Path> mkdirs = new ArrayList<>();
            int i = 0;
            for (; !words.get(i).equals("cdds-decrypt"); i++) {
                String w = words.get(i);
                if (w.matches("[A-Z_]+=.*")) {
                    String value = w.substring(w.indexOf('=') + 1);
                    env.put(
                            w.substring(0, w.indexOf('=')),
                            placeholders == null ? value : String.join(":", placeholders.map(value)));
                } else if (w.equals("mkdir")) {
                    String dir = words.get(++i);
                    mkdirs.add(
                            placeholders == null
                                    ? Path.of(dir)
                                    : placeholders.work().resolve(dir));
                    assertEquals("&&", words.get(++i), example);
                }
            }
            List<String> args = new ArrayList<>();
            for (i++; i < words.size() && !isOperator(words.get(i)); i++) {
                String w = words.get(i);
                if (placeholders != null && w.startsWith("env:")) {
                    env.put(w.substring("env:".length()), "an example passphrase"); // set, as a reader would
                }
                args.addAll(
                        placeholders != null
                                ? placeholders.map(w)
                                : w.contains("*") && !w.startsWith("**")
                                        ? Placeholders.glob(
                                                Path.of(w).getParent(),
                                                Path.of(w).getFileName().toString())
                                        : List.of(w));
            }
            boolean piped = i < words.size() && words.get(i).equals("|");
            if (placeholders != null && args.get(0).equals("batch")) {
                copyDemoParts(Path.of(args.get(args.size() - 1))); // the INBOX holds a download
            }
            return new Example(args, env, mkdirs, piped);
        }

        /** Writes into the working folder (no -o): run in {@code work} as a process of its own. */
        boolean writesIntoTheWorkingFolder() {
            return (args.get(0).equals("extract") || args.get(0).equals("decrypt"))
                    && !args.contains("-o")
                    && !args.contains("--stdout");
        }

        Cli.Result run(Path work) throws IOException {
            for (Path dir : mkdirs) {
                Files.createDirectories(dir);
            }
            if (work != null && writesIntoTheWorkingFolder()) {
                assertTrue(env.isEmpty(), "variables are not passed to the process: " + env);
                return new CliProcess().in(work).run(args.toArray());
            }
            Cli cli = new Cli();
            env.forEach(cli::env);
            return cli.run(args.toArray());
        }
    }
}
