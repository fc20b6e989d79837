package org.cddsdecrypt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The test fixtures, made once per build by {@code scripts/make-testdata.sh} with openssl and Info-ZIP (code we
 * did not write), under {@code target/testdata}.
 */
public final class Fixtures {
    private static final Path ROOT = Path.of("target", "testdata").toAbsolutePath();
    private static boolean ready;

    private Fixtures() {
    }

    /** The fixture root, generated on first use. */
    public static synchronized Path root() {
        if (!ready) {
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

    private static void generateIfMissing() {
        Path script = Path.of("scripts", "make-testdata.sh").toAbsolutePath();
        Path marker = ROOT.resolve(".complete");
        try {
            if (Files.exists(marker)
                    && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(script)) > 0) {
                return;
            }
            Process p = new ProcessBuilder(script.toString(), ROOT.toString())
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
