package org.cddsdecrypt.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.keys.KeyLoader;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.keys.PassphraseSource;
import org.cddsdecrypt.output.TempFiles;

/** What the fuzz tests share: the fixed keys their seeds are encrypted to, and the properties they check. */
final class FuzzSupport {
    /** Fixed, public test keys (scripts/make-fuzz-seeds.sh); never encrypt anything real to them. */
    static final Path KEYS = Path.of("testdata", "fuzz", "keys").toAbsolutePath();

    /** Exit codes that bad input may end with. 1 (a bug) is never one; 2 and 8 cannot come from input. */
    static final Set<Integer> INPUT_OUTCOMES = Set.of(
            ExitCode.OK.code(),
            ExitCode.INCOMPLETE.code(),
            ExitCode.KEY.code(),
            ExitCode.BAD_INPUT.code(),
            ExitCode.UNSAFE.code(),
            ExitCode.OUTPUT.code());

    private static KeyRing keyRing;

    private FuzzSupport() {}

    static synchronized KeyRing keyRing() {
        if (keyRing == null) {
            try {
                keyRing = new KeyLoader(PassphraseSource.none(), warning -> {}).load(List.of(KEYS));
            } catch (KeyException e) {
                throw new IllegalStateException("fuzz keys missing: run scripts/make-fuzz-seeds.sh", e);
            }
        }
        return keyRing;
    }

    /**
     * A failure the tool reports for bad input must carry one of the codes that this kind of input can cause.
     * (An uncaught exception, the "internal error", is no CddsException: it escapes the fuzz target and fails it.)
     */
    static void assertOutcome(CddsException e, Set<ExitCode> allowed) {
        assertTrue(
                allowed.contains(e.exitCode()),
                () -> "exit code " + e.exitCode() + " (" + e.exitCode().code() + ") for this input, expected one of "
                        + allowed + ": " + e);
    }

    /** The names directly in {@code dir}. */
    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    static void delete(Path dir) {
        TempFiles.deleteQuietly(dir);
    }
}
