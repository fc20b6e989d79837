package org.cddsdecrypt.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.keys.KeyLoader;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.keys.PassphraseSource;

/**
 * Fuzzes key-file loading (PEM of every kind, DER, PKCS#12, certificates), with and without a passphrase, and with
 * the name-based PKCS#12 detection ({@code .p12}) both on and off. Seeds: {@code testdata/fuzz/keyfile/}.
 *
 * <p>Property: loading returns at least one key or throws {@link KeyException} (exit 4); nothing else escapes.
 */
class KeyFileFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void fuzzKeyFile(byte[] data) throws IOException {
        Path dir = Files.createTempDirectory("cdds-fuzz-key");
        try {
            for (String name : new String[] {"fuzz.key", "fuzz.p12"}) {
                Path file = Files.write(dir.resolve(name), data);
                load(file, PassphraseSource.none());
                load(file, PassphraseSource.parse("pass:secret", variable -> null));
                Files.delete(file);
            }
        } finally {
            FuzzSupport.delete(dir);
        }
    }

    private static void load(Path file, PassphraseSource passphrases) {
        try {
            KeyRing ring = new KeyLoader(passphrases, warning -> {}).load(List.of(file));
            assertFalse(ring.keys().isEmpty());
        } catch (KeyException e) {
            FuzzSupport.assertOutcome(e, Set.of(ExitCode.KEY));
        }
    }
}
