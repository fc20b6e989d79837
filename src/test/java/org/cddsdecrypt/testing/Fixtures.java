package org.cddsdecrypt.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The test fixtures, made once per build by {@code scripts/make-testdata.sh} with openssl and Info-ZIP (code we
 * did not write), under {@code target/testdata}. Where a tool the script runs is not on the PATH (zip is not on
 * Windows unless installed), every test that needs the fixtures is skipped, naming the tool.
 */
public final class Fixtures {
    private static final Path ROOT = Path.of("target", "testdata").toAbsolutePath();
    /** What make-testdata.sh runs besides coreutils. */
    private static final List<String> TOOLS = List.of("bash", "openssl", "zip", "perl");

    private static boolean ready;

    private Fixtures() {}

    /** The fixture root, generated on first use; the calling test is skipped when they cannot be made here. */
    public static synchronized Path root() {
        if (!ready) {
            if (!upToDate()) {
                assumeToolsOn(System.getenv().getOrDefault("PATH", ""));
            }
            generateIfMissing();
            ready = true;
        }
        return ROOT;
    }

    public static Path keys() {
        return root().resolve("keys");
    }

    public static Path key(String name) {
        return keys().resolve(name);
    }

    public static Path message(String name) {
        return root().resolve("messages").resolve(name);
    }

    public static Path exportDir(String name) {
        return root().resolve("exports").resolve(name);
    }

    public static Path tree(String name) {
        return root().resolve("trees").resolve(name);
    }

    public static Path payload() {
        return message("payload.bin");
    }

    private static final Path SCRIPT = Path.of("scripts", "make-testdata.sh").toAbsolutePath();

    /** Whether the fixtures were made, by the script as it is now. */
    private static boolean upToDate() {
        Path marker = ROOT.resolve(".complete");
        try {
            return Files.exists(marker)
                    && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(SCRIPT)) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Skips the calling test (a JUnit assumption) unless every tool of {@link #TOOLS} is in a folder of
     * {@code pathVariable} (as {@code NAME} or {@code NAME.exe}).
     */
    static void assumeToolsOn(String pathVariable) {
        List<String> missing = missingTools(pathVariable);
        Assumptions.assumeTrue(
                missing.isEmpty(),
                () -> "the test fixtures need " + String.join(", ", missing)
                        + ", not found on the PATH: scripts/make-testdata.sh makes them with bash, openssl 3, Info-ZIP zip "
                        + "and perl");
    }

    private static List<String> missingTools(String pathVariable) {
        List<Path> path = new ArrayList<>();
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                path.add(Path.of(dir));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (path.stream()
                    .noneMatch(dir ->
                            Files.isExecutable(dir.resolve(tool)) || Files.isExecutable(dir.resolve(tool + ".exe")))) {
                missing.add(tool);
            }
        }
        return missing;
    }

    private static void generateIfMissing() {
        try {
            if (upToDate()) {
                return;
            }
            // Through bash, not by its #! line: Windows runs no script by itself.
            Process p = new ProcessBuilder("bash", SCRIPT.toString(), ROOT.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ROOT.resolveSibling("make-testdata.log").toFile())
                    .start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/make-testdata.sh failed; see target/make-testdata.log");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
