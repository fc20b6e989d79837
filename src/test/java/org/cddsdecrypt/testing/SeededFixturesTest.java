package org.cddsdecrypt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The fixtures' payloads are a function of the seed in {@code target/testdata/SEED} (scripts/make-testdata.sh), so
 * a failure seen once can be made again: with the default seed, every build, on every machine, gets these bytes.
 */
class SeededFixturesTest {
    private static final String DEFAULT_SEED = "cdds-decrypt-testdata-1";

    @Test
    void payloadsAreTheSameOnEveryRunWithTheDefaultSeed() throws Exception {
        String seed = Files.readString(Fixtures.root().resolve("SEED")).strip();
        assumeTrue(seed.equals(DEFAULT_SEED), "fixtures made with another seed (CDDS_TESTDATA_SEED): " + seed);
        assertEquals("e62515ba66a28be5d874a6e223181e58e4e8e76abc98b30ab5395c4f3af8a5e9", sha256(Fixtures.payload()));
        assertEquals(
                "fd5249c84294e52634ebc963e7a73bceb806f930ada880b778d3a43c9cfd645e",
                sha256(Fixtures.tree("large").resolve("part-a/file-01.bin")));
    }

    @Test
    void eachPayloadFileHasItsOwnBytes() throws Exception {
        Path alpha = Fixtures.tree("medium").resolve("alpha");
        assertNotEquals(sha256(alpha.resolve("file-01.bin")), sha256(alpha.resolve("file-02.bin")));
        assertNotEquals(
                sha256(alpha.resolve("file-01.bin")),
                sha256(Fixtures.tree("medium").resolve("beta/gamma/file-01.bin")));
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
