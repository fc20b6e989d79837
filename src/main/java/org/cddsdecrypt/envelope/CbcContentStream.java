package org.cddsdecrypt.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.cddsdecrypt.error.CorruptInputException;

/**
 * CBC content decryption on the JDK's own provider, whose AES uses the CPU's AES-NI instructions (several times
 * faster than Bouncy Castle's pure-Java engine).
 *
 * <p>The cipher runs without padding and this class removes the PKCS#7 padding itself, holding back the last block
 * until the end: the JDK's {@code AES/CBC/PKCS5Padding} is many times slower than its {@code AES/CBC/NoPadding}
 * (docs/PERFORMANCE.md, "Content decryption"; ContentDecryptionBenchmark).
 */
final class CbcContentStream extends CipherStream {
    /**
     * The cipher is called on 8 KiB at a time: HotSpot compiles the AES-NI CBC intrinsic only once the method has
     * been called a few thousand times, which with 256 KiB calls takes longer than most parts (see {@code Warmup}
     * and docs/PERFORMANCE.md).
     */
    private static final int SLICE = 8 * 1024;

    private final Cipher cipher;
    private final int blockSize;
    /** The last plaintext block seen so far: it may hold the padding, so it is released only by the next update. */
    private final byte[] held;

    private boolean holding;

    private CbcContentStream(InputStream ciphertext, Cipher cipher) {
        super(ciphertext);
        this.cipher = cipher;
        this.blockSize = cipher.getBlockSize();
        this.held = new byte[blockSize];
    }

    static InputStream open(
            InputStream ciphertext, SecretKey key, ContentAlgorithm algorithm, AlgorithmIdentifier algorithmId)
            throws CorruptInputException {
        byte[] iv;
        try {
            iv = ASN1OctetString.getInstance(algorithmId.getParameters()).getOctets();
        } catch (RuntimeException e) {
            throw new CorruptInputException("CMS message has no valid IV for " + algorithm.displayName(), e);
        }
        byte[] keyBytes = key.getEncoded();
        if (keyBytes == null || keyBytes.length != algorithm.keyLength()) {
            throw new CorruptInputException("content key has the wrong length for " + algorithm.displayName()
                    + " (the key is not this message's recipient, or the file is corrupt)");
        }
        try {
            Cipher cipher = Cipher.getInstance(algorithm.jceName() + "/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyBytes, algorithm.jceName()), new IvParameterSpec(iv));
            return new CbcContentStream(ciphertext, cipher);
        } catch (GeneralSecurityException e) {
            throw new CorruptInputException("cannot set up " + algorithm.displayName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected int update(byte[] in, int len) throws IOException {
        if (len % blockSize != 0) {
            // Chunks are whole multiples of the block size except the last; a ragged one means a truncated file.
            throw new CorruptInputException("encrypted content is not a whole number of cipher blocks (truncated?)");
        }
        int offset = 0;
        if (holding) {
            System.arraycopy(held, 0, outBuf, 0, blockSize);
            offset = blockSize;
        }
        int total = offset;
        try {
            for (int from = 0; from < len; from += SLICE) {
                total += cipher.update(in, from, Math.min(SLICE, len - from), outBuf, total);
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("output buffer sized below input plus one block", e);
        }
        System.arraycopy(outBuf, total - blockSize, held, 0, blockSize);
        holding = true;
        return total - blockSize;
    }

    /** Checks and strips the PKCS#7 padding of the last block. */
    @Override
    protected int finish() throws IOException {
        int pad = held[blockSize - 1] & 0xff;
        boolean valid = holding && pad >= 1 && pad <= blockSize;
        for (int i = blockSize - pad; valid && i < blockSize; i++) {
            valid = (held[i] & 0xff) == pad;
        }
        if (!valid) {
            throw new CorruptInputException("decryption failed at the end of the content (bad padding): the file is "
                    + "truncated or corrupt, or was not encrypted for this key");
        }
        System.arraycopy(held, 0, outBuf, 0, blockSize - pad);
        return blockSize - pad;
    }
}
