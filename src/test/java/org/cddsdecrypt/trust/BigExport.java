package org.cddsdecrypt.trust;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cddsdecrypt.testing.Fixtures;

/**
 * A single-part export big enough (64 MiB) that a run can be interrupted in the middle: one large incompressible
 * file and a few small ones, zipped by Info-ZIP and encrypted by {@code openssl smime -stream} to the fixture
 * key. Made under {@code target/trust/} once per generation of the fixtures.
 */
final class BigExport {
    static final String NAME = "export-b16b16b1-6b16-4b16-8b16-b16b16b16b16";
    private static final Path DIR = Path.of("target", "trust", "big").toAbsolutePath();
    private static boolean ready;

    private BigExport() {}

    /** The encrypted part. */
    static synchronized Path part() throws IOException, InterruptedException {
        Path part = DIR.resolve(NAME + ".zip.smime");
        if (!ready) {
            // Made again after the fixtures are: they come with new keys, and this part is encrypted to one.
            Path fixtures = Fixtures.root().resolve(".complete");
            Path done = DIR.resolve(".complete");
            if (!Files.exists(done)
                    || Files.getLastModifiedTime(done).compareTo(Files.getLastModifiedTime(fixtures)) < 0) {
                make(part);
            }
            ready = true;
        }
        return part;
    }

    private static void make(Path part) throws IOException, InterruptedException {
        TempTree.delete(DIR);
        Path tree = Files.createDirectories(DIR.resolve("tree"));
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(tree.resolve("big.bin"))) {
            for (int i = 0; i < 64; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        for (int i = 0; i < 20; i++) {
            Path f = Files.createDirectories(tree.resolve("dir-" + i % 4)).resolve("small-" + i + ".jsonl");
            Files.writeString(f, ("{\"n\":" + i + "}\n").repeat(100 + i));
        }
        run(DIR.resolve("tree"), "zip", "-q", "-r", "-X", "-0", "../plain.zip", ".");
        run(
                DIR,
                "openssl",
                "smime",
                "-encrypt",
                "-binary",
                "-aes256",
                "-stream",
                "-in",
                "plain.zip",
                "-out",
                part.toString(),
                Fixtures.key("rsa.crt").toString());
        Files.delete(DIR.resolve("plain.zip"));
        Files.createFile(DIR.resolve(".complete"));
    }

    /** The tree the export holds. */
    static Path tree() {
        return DIR.resolve("tree");
    }

    static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
