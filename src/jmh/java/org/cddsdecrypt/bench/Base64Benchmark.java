package org.cddsdecrypt.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cddsdecrypt.envelope.Base64BlockInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Base64 stage: 16 MiB decoded from 64-character lines, as openssl writes S/MIME. Divide 16 MiB by the time. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Base64Benchmark {
    static final int SIZE = 16 * 1024 * 1024;
    byte[] text;

    @Setup
    public void setup() {
        byte[] raw = new byte[SIZE];
        new Random(1).nextBytes(raw);
        text = Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(raw);
    }

    @Benchmark
    public long blockDecoder() throws IOException {
        return drain(new Base64BlockInputStream(new ByteArrayInputStream(text)));
    }

    @Benchmark
    public long jdkMimeDecoderStream() throws IOException {
        return drain(Base64.getMimeDecoder().wrap(new ByteArrayInputStream(text)));
    }

    static long drain(InputStream in) throws IOException {
        byte[] buf = new byte[256 * 1024];
        long total = 0;
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            total += n;
        }
        return total;
    }
}
