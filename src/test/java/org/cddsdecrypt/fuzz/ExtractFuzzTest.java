package org.cddsdecrypt.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cddsdecrypt.testing.Cli;

/**
 * Fuzzes the whole pipeline as a user runs it: {@code extract} in-process on an export made of the fuzzer's
 * bytes. Seeds ({@code testdata/fuzz/extract/}) are real exports, plain zip segments or S/MIME-encrypted ones,
 * in this container format (see {@link #unpack}):
 * <pre>
 *   byte 0        bit 0: parts are encrypted (.smime), bits 1-2: number of parts - 1
 *   then          for each part but the last: 3-byte big-endian length, bytes
 *   then          the last part (the .zip segment): the rest
 * </pre>
 *
 * <p>Properties: the run ends with a documented exit code (never 1), prints no stack trace, leaves the folder
 * that holds the destination either empty or holding just the destination (only on success), and writes nothing
 * beside the parts.
 */
class ExtractFuzzTest {
    static final String EXPORT = "export-0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f";
    private static final java.util.regex.Pattern STACK_FRAME =
            java.util.regex.Pattern.compile("(?m)^\\tat [\\w$.]+\\(");

    @FuzzTest(maxDuration = "5m")
    void fuzzExtract(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        Path dir = Files.createTempDirectory("cdds-fuzz-extract");
        try {
            Path in = Files.createDirectory(dir.resolve("in"));
            Path out = Files.createDirectory(dir.resolve("out"));
            List<Path> parts = writeParts(in, data);
            List<String> inputNames = FuzzSupport.names(in);

            Cli.Result r = new Cli()
                    .run(
                            "extract",
                            "-q",
                            "-k",
                            FuzzSupport.KEYS,
                            "-o",
                            out.resolve("dest"),
                            parts.get(parts.size() - 1));

            assertTrue(FuzzSupport.INPUT_OUTCOMES.contains(r.code()), r::toString);
            assertFalse(STACK_FRAME.matcher(r.err()).find(), () -> "stack trace printed:\n" + r);
            assertFalse(
                    r.err().chars().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x1b),
                    () -> "control characters from the input printed:\n" + r);
            List<String> left = FuzzSupport.names(out);
            if (r.code() == 0) {
                assertEquals(List.of("dest"), left, r::toString);
                assertTrue(Files.isDirectory(out.resolve("dest")));
            } else {
                assertEquals(List.of(), left, () -> "left behind after a failure: " + left + "\n" + r);
            }
            assertEquals(inputNames, FuzzSupport.names(in), "files appeared beside the parts");
        } finally {
            FuzzSupport.delete(dir);
        }
    }

    /** Writes the parts in {@code data} as export segments; returns them in order, the final segment last. */
    static List<Path> writeParts(Path dir, byte[] data) throws IOException {
        boolean encrypted = (data[0] & 1) != 0;
        List<byte[]> contents = unpack(data);
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            boolean last = i == contents.size() - 1;
            String name = EXPORT + (last ? ".zip" : String.format(".z%02d", i + 1)) + (encrypted ? ".smime" : "");
            parts.add(Files.write(dir.resolve(name), contents.get(i)));
        }
        return parts;
    }

    static List<byte[]> unpack(byte[] data) {
        int count = ((data[0] >> 1) & 3) + 1;
        List<byte[]> parts = new ArrayList<>();
        int pos = 1;
        for (int i = 0; i < count - 1; i++) {
            int length = 0;
            for (int j = 0; j < 3; j++) {
                length = length << 8 | (pos < data.length ? data[pos++] & 0xff : 0);
            }
            int end = (int) Math.min((long) pos + length, data.length);
            parts.add(Arrays.copyOfRange(data, pos, end));
            pos = end;
        }
        parts.add(Arrays.copyOfRange(data, Math.min(pos, data.length), data.length));
        return parts;
    }
}
