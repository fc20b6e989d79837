package org.cddsdecrypt.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The audit of every message the tool prints (issue 13: "never an exception class name or a library's message").
 * {@link Cli} and {@link CliProcess} record the stderr of each run; after each test class this extension (registered
 * for all tests through {@code META-INF/services} and {@code junit-platform.properties}) reads what that class's runs
 * printed and fails the class on the first line that shows a Java exception, a stack frame or a library's own words.
 * Runs with {@code --verbose} are left out: a stack trace is what they ask for.
 */
public final class MessageAudit implements BeforeAllCallback, AfterAllCallback {
    /** What a message for users must not contain. */
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("Exception|Error:|Throwable"),
            Pattern.compile("\\bjava[x]?\\.[a-z]"),
            Pattern.compile("\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)|\\(Native Method\\)|\\bCaused by\\b"),
            Pattern.compile("\\b(org\\.bouncycastle|org\\.apache|picocli)\\.[a-z]"),
            // Library and JDK wording that reached users before (key decoding, ASN.1, inflater, file system).
            Pattern.compile("PKCS8EncodedKeySpec|unable to read encrypted data|DEF length|corrupted stream"
                    + "|unknown tag \\d|invalid (stored block|distance|code)|Unexpected end of ZLIB|Is a directory"
                    + "|Unmatched arguments? (from|at) index"));

    /** One run of the command line: its arguments, exit code and stderr. */
    public record Run(List<String> args, int code, String err) {}

    private static final List<Run> RUNS = new ArrayList<>();

    static void record(List<String> args, int code, String err) {
        synchronized (RUNS) {
            RUNS.add(new Run(List.copyOf(args), code, err));
        }
    }

    /** The runs recorded since the last call. */
    public static List<Run> drain() {
        synchronized (RUNS) {
            List<Run> runs = new ArrayList<>(RUNS);
            RUNS.clear();
            return runs;
        }
    }

    /** The lines of {@code run}'s stderr that users must not see; none for a run with --verbose. */
    public static List<String> problems(Run run) {
        List<String> problems = new ArrayList<>();
        if (run.args().contains("--verbose") || run.args().contains("-v")) {
            return problems;
        }
        for (String line : run.err().lines().toList()) {
            for (Pattern p : FORBIDDEN) {
                if (p.matcher(line).find()) {
                    problems.add(line);
                    break;
                }
            }
        }
        return problems;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        drain(); // runs of an earlier class that failed before its audit
    }

    @Override
    public void afterAll(ExtensionContext context) {
        StringBuilder report = new StringBuilder();
        int audited = 0;
        for (Run run : drain()) {
            audited++;
            List<String> problems = problems(run);
            if (!problems.isEmpty()) {
                report.append("\n  ")
                        .append(String.join(" ", run.args()))
                        .append(" (exit ")
                        .append(run.code())
                        .append("):\n    ")
                        .append(String.join("\n    ", problems));
            }
        }
        if (report.length() > 0) {
            throw new AssertionError(
                    "messages that show Java or a library's internals (of " + audited + " runs):" + report);
        }
    }
}
