package org.cddsdecrypt.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.cddsdecrypt.CorruptInputException;
import org.cddsdecrypt.MessageDecryptor;
import org.cddsdecrypt.keys.KeyLoader;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.keys.PassphraseSource;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The re-encoding of definite lengths that Bouncy Castle cannot read, checked with a low limit on small messages
 * written by openssl (the 2 GiB case itself is in the large profile: LargeInputsTest).
 */
class LongLengthStreamTest {
    private static byte[] rewrite(byte[] der, long limit, int chunk) throws Exception {
        try (InputStream in = LongLengthStream.wrap(new ByteArrayInputStream(der), limit, chunk)) {
            return in.readAllBytes();
        }
    }

    private static byte[] decrypt(byte[] message) throws Exception {
        KeyRing keys = new KeyLoader(PassphraseSource.none(), w -> { }).load(List.of(Fixtures.key("rsa.key")));
        try (InputStream plain = new MessageDecryptor(keys).open(new ByteArrayInputStream(message), "m")) {
            return plain.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"der.p7m", "gcm.p7m"})
    void definiteLengthsAboveTheLimitBecomeIndefiniteAndTheMessageStillDecrypts(String name) throws Exception {
        byte[] der = Files.readAllBytes(Fixtures.message(name));
        assertTrue(LongLengthStream.outerLength(der, 16) > 1000);
        for (int chunk : new int[] {1, 7, 1000, 1 << 20}) {
            byte[] rewritten = rewrite(der, 100, chunk);
            assertEquals(0x30, rewritten[0] & 0xff);
            assertEquals(0x80, rewritten[1] & 0xff, "outer length is now indefinite");
            assertTrue(rewritten.length > der.length);
            assertArrayEquals(Files.readAllBytes(Fixtures.payload()), decrypt(rewritten), "chunk " + chunk);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {50, 128, 255, 256, 257, 100_000})
    void everyLimitGivesTheSamePlaintext(long limit) throws Exception {
        byte[] der = Files.readAllBytes(Fixtures.message("der.p7m"));
        assertArrayEquals(Files.readAllBytes(Fixtures.payload()), decrypt(rewrite(der, limit, 4096)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"der.p7m", "gcm.p7m"})
    void belowTheLimitTheBytesAreUnchanged(String name) throws Exception {
        byte[] der = Files.readAllBytes(Fixtures.message(name));
        assertArrayEquals(der, rewrite(der, LongLengthStream.BC_LIMIT, 1 << 20));
        InputStream in = new ByteArrayInputStream(der);
        assertTrue(LongLengthStream.wrap(in) instanceof java.io.PushbackInputStream);
    }

    @org.junit.jupiter.api.Test
    void aLongElementThatCannotBeChunkedIsCorruptInput() throws Exception {
        byte[] der = Files.readAllBytes(Fixtures.message("der.p7m"));
        CorruptInputException e = assertThrows(CorruptInputException.class, () -> rewrite(der, 2, 64));
        assertTrue(e.getMessage().contains("type 0x6"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5, 100, 400, 600})
    void aTruncatedRewrittenMessageIsCorruptInput(int cut) throws Exception {
        byte[] der = Files.readAllBytes(Fixtures.message("der.p7m"));
        byte[] truncated = Arrays.copyOf(der, Math.min(cut, der.length - 1));
        CorruptInputException e = assertThrows(CorruptInputException.class, () -> {
            try (InputStream in = LongLengthStream.wrap(new ByteArrayInputStream(truncated), 50, 64)) {
                decrypt(in.readAllBytes());
            }
        });
        assertSame(CorruptInputException.class, e.getClass());
    }

    @org.junit.jupiter.api.Test
    void endlesslyNestedElementsAreCorruptInputNotAGrowingStack() {
        byte[] nested = new byte[6 + 2 * 100_000];
        nested[0] = 0x30;
        nested[1] = (byte) 0x84;
        nested[2] = (byte) 0x80; // 2 GiB: the stream rewrites it
        for (int i = 6; i < nested.length; i += 2) {
            nested[i] = 0x30;
            nested[i + 1] = (byte) 0x80;
        }
        CorruptInputException e = assertThrows(CorruptInputException.class,
                () -> LongLengthStream.wrap(new ByteArrayInputStream(nested)).readAllBytes());
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 9, 30, 40})
    void anElementLongerThanItsParentIsCorruptInput(int at) throws Exception {
        byte[] der = Files.readAllBytes(Fixtures.message("der.p7m"));
        // Raise one length byte inside the header structure: the element now overruns its parent, or the file.
        byte[] bad = der.clone();
        bad[at] = (byte) 0x7f;
        assertThrows(CorruptInputException.class, () -> decrypt(rewrite(bad, 50, 64)));
    }
}
