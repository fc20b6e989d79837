package org.cddsdecrypt.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cddsdecrypt.output.Permissions;
import org.cddsdecrypt.output.TempFiles;
import org.cddsdecrypt.output.TreeWriter;
import org.cddsdecrypt.zip.EntrySink;
import org.cddsdecrypt.zip.Limits;
import org.cddsdecrypt.zip.ZipStreamExtractor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Zip stage: inflate + CRC of 128 MiB of JSON Lines in 8 entries, discarded or written to a tree on disk. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InflateBenchmark {
    byte[] zip;
    Path out;

    @Setup
    public void setup() throws IOException {
        Random r = new Random(3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (int e = 0; e < 8; e++) {
                z.putNextEntry(new ZipEntry("ContactHistory/part-" + e + ".jsonl"));
                StringBuilder sb = new StringBuilder();
                while (sb.length() < 16 * 1024 * 1024) {
                    sb.append("{\"interactionId\":\"")
                            .append(Long.toHexString(r.nextLong()))
                            .append("\",\"channel\":\"voice\",\"durationSec\":")
                            .append(r.nextInt(3600))
                            .append(",\"note\":\"customer asked about invoice\"}\n");
                }
                z.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        zip = bytes.toByteArray();
    }

    @Setup(Level.Invocation)
    public void freshDirectory() throws IOException {
        out = Files.createTempDirectory("inflate-bench");
    }

    @TearDown(Level.Invocation)
    public void removeDirectory() throws IOException {
        TempFiles.deleteRecursively(out);
    }

    @Benchmark
    public long inflateAndCrc() throws IOException {
        return new ZipStreamExtractor(Limits.defaults())
                .extract(new ByteArrayInputStream(zip), EntrySink.discard())
                .bytes();
    }

    @Benchmark
    public long inflateCrcAndWrite() throws IOException {
        return new ZipStreamExtractor(Limits.defaults())
                .extract(new ByteArrayInputStream(zip), new TreeWriter(out, Permissions.OWNER_ONLY))
                .bytes();
    }
}
