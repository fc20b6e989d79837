package org.cddsdecrypt.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cddsdecrypt.testing.Cli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Entries compressed with methods whose codecs Commons Compress loads from optional libraries (Zstandard 93, XZ 95)
 * or does not know at all. Found by ExtractFuzzTest: method 93 ended the run with NoClassDefFoundError (exit 1).
 */
class UnsupportedMethodsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "method {0}")
    @ValueSource(ints = {93, 95, 12, 14, 99, 0x7777})
    void anEntryWithAnUnsupportedMethodIsBadInputAndLeavesNothing(int method) throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("data.jsonl"), "{\"id\":1}\n".repeat(50));
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path zip = in.resolve("export-93939393-9393-4393-8393-939393939393.zip");
        BigExport.run(tree, "zip", "-q", "-X", "-0", zip.toString(), "data.jsonl");
        byte[] bytes = Files.readAllBytes(zip);
        patchMethods(bytes, method);
        Files.write(zip, bytes);

        Path out = Files.createDirectories(tmp.resolve("out"));
        Cli.Result r = new Cli().run("extract", "-o", out.resolve("dest"), zip);
        assertEquals(5, r.code(), r::toString);
        assertFalse(r.err().contains("internal error"), r::toString);
        assertTrue(r.err().contains("zip"), r::toString);
        assertEquals(List.of(), TempTree.names(out));
    }

    /** Sets the method field of every local header (offset 8) and central directory header (offset 10). */
    private static void patchMethods(byte[] b, int method) {
        for (int i = 0; i + 12 <= b.length; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) {
                b[i + 8] = (byte) method;
                b[i + 9] = (byte) (method >> 8);
            } else if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
                b[i + 10] = (byte) method;
                b[i + 11] = (byte) (method >> 8);
            }
        }
    }
}
