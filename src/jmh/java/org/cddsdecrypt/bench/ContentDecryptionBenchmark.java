package org.cddsdecrypt.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.cddsdecrypt.export.MessageDecryptor;
import org.cddsdecrypt.keys.KeyEntry;
import org.cddsdecrypt.keys.KeyRing;
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

/**
 * Content-decryption stage on a 64 MiB AES-256-CBC EnvelopedData (DER, in memory): our streaming path (BC ASN.1
 * parser, JDK AES in 256 KiB blocks) against Bouncy Castle's CMSEnvelopedDataParser with the content cipher on the
 * JDK and on BC's pure-Java AES.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContentDecryptionBenchmark {
    static final int SIZE = 64 * 1024 * 1024;
    byte[] message;
    KeyPair pair;
    MessageDecryptor ours;

    @Setup
    public void setup() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        pair = gen.generateKeyPair();
        byte[] payload = new byte[SIZE];
        new Random(2).nextBytes(payload);
        CMSEnvelopedDataStreamGenerator generator = new CMSEnvelopedDataStreamGenerator();
        generator.addRecipientInfoGenerator(
                new JceKeyTransRecipientInfoGenerator(new byte[] {1, 2, 3, 4}, pair.getPublic()));
        ByteArrayOutputStream der = new ByteArrayOutputStream(SIZE + 4096);
        try (OutputStream out =
                generator.open(der, new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build())) {
            out.write(payload);
        }
        message = der.toByteArray();
        ours = new MessageDecryptor(new KeyRing(List.of(new KeyEntry(pair.getPrivate(), null, List.of(), "bench"))));
    }

    @Benchmark
    public long oursJdkAes() throws IOException {
        return Base64Benchmark.drain(ours.open(new ByteArrayInputStream(message), "bench"));
    }

    @Benchmark
    public long bcParserJdkAes() throws Exception {
        return bcParser(false);
    }

    @Benchmark
    public long bcParserBcAes() throws Exception {
        return bcParser(true);
    }

    private long bcParser(boolean bcContentCipher) throws Exception {
        CMSEnvelopedDataParser parser = new CMSEnvelopedDataParser(new ByteArrayInputStream(message));
        RecipientInformation recipient =
                parser.getRecipientInfos().getRecipients().iterator().next();
        JceKeyTransEnvelopedRecipient r = new JceKeyTransEnvelopedRecipient(pair.getPrivate());
        if (bcContentCipher) {
            r.setContentProvider(new BouncyCastleProvider());
        }
        return Base64Benchmark.drain(recipient.getContentStream(r).getContentStream());
    }
}
