package org.cddsdecrypt.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.cddsdecrypt.error.CorruptInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our streaming AES-GCM (JDK AES-CTR + BC GHASH) against the JDK's own GCM, which we do not use for streaming. */
class CtrGhashContentStreamTest {
    private static final Random RANDOM = new Random(11);

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Ciphertext and tag as the JDK's GCM makes them (the tag is appended). */
    private static byte[] seal(SecretKey key, byte[] nonce, byte[] plain, int tagBytes) throws Exception {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(tagBytes * 8, nonce));
        return gcm.doFinal(plain);
    }

    private static byte[] open(SecretKey key, byte[] nonce, byte[] sealed, int tagBytes) throws Exception {
        byte[] ciphertext = Arrays.copyOf(sealed, sealed.length - tagBytes);
        byte[] tag = Arrays.copyOfRange(sealed, sealed.length - tagBytes, sealed.length);
        try (InputStream in = CtrGhashContentStream.open(new ByteArrayInputStream(ciphertext), key, nonce, tagBytes,
                () -> tag)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 8191, 8192, 8193, 262_143, 262_144, 262_161, 1_000_003})
    void decryptsWhatTheJdkGcmEncrypts(int length) throws Exception {
        for (int keyBytes : new int[] {16, 32}) {
            SecretKey key = new SecretKeySpec(bytes(keyBytes), "AES");
            byte[] nonce = bytes(12);
            byte[] plain = bytes(length);
            assertArrayEquals(plain, open(key, nonce, seal(key, nonce, plain, 16), 16));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 13, 14, 15})
    void shorterTagsAreChecked(int tagBytes) throws Exception {
        SecretKey key = new SecretKeySpec(bytes(32), "AES");
        byte[] nonce = bytes(12);
        byte[] plain = bytes(5000);
        assertArrayEquals(plain, open(key, nonce, seal(key, nonce, plain, tagBytes), tagBytes));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, 20_000})
    void anyChangedBitFailsTheTag(int position) throws Exception {
        SecretKey key = new SecretKeySpec(bytes(32), "AES");
        byte[] nonce = bytes(12);
        byte[] sealed = seal(key, nonce, bytes(20_001), 16);
        sealed[position] ^= 1;
        assertThrows(CorruptInputException.class, () -> open(key, nonce, sealed, 16));
        sealed[position] ^= 1;
        sealed[sealed.length - 1] ^= (byte) 0x80;
        assertThrows(CorruptInputException.class, () -> open(key, nonce, sealed, 16));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 5000})
    void truncatedCiphertextFailsTheTag(int cut) throws Exception {
        SecretKey key = new SecretKeySpec(bytes(16), "AES");
        byte[] nonce = bytes(12);
        byte[] sealed = seal(key, nonce, bytes(10_000), 16);
        byte[] ciphertext = Arrays.copyOf(sealed, sealed.length - 16 - cut);
        byte[] tag = Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length);
        assertThrows(CorruptInputException.class, () -> CtrGhashContentStream.open(
                new ByteArrayInputStream(ciphertext), key, nonce, 16, () -> tag).readAllBytes());
    }
}
