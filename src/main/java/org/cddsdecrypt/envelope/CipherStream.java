package org.cddsdecrypt.envelope;

import java.io.IOException;
import java.io.InputStream;
import org.cddsdecrypt.io.BulkInputStream;

/**
 * A decrypting stream that works in large blocks (the JDK's {@code CipherInputStream} reads 512 bytes at a time),
 * leaving the cipher-specific work to {@link #update} and {@link #finish}.
 */
abstract class CipherStream extends BulkInputStream {
    static final int BLOCK = 256 * 1024;

    private final InputStream ciphertext;
    private final byte[] inBuf = new byte[BLOCK];
    protected byte[] outBuf = new byte[BLOCK + 64];
    private int outPos;
    private int outLimit;
    private boolean finished;

    CipherStream(InputStream ciphertext) {
        this.ciphertext = ciphertext;
    }

    /** Decrypts {@code len} bytes of {@code in} into {@link #outBuf}; returns the plaintext length. */
    protected abstract int update(byte[] in, int len) throws IOException;

    /** Completes decryption at the end of the ciphertext, verifying padding or tag; returns the final length. */
    protected abstract int finish() throws IOException;

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (outPos == outLimit) {
            if (finished) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, outLimit - outPos);
        System.arraycopy(outBuf, outPos, b, off, n);
        outPos += n;
        return n;
    }

    private void fill() throws IOException {
        outPos = 0;
        int n = ciphertext.readNBytes(inBuf, 0, inBuf.length);
        if (n > 0) {
            outLimit = update(inBuf, n);
        } else {
            outLimit = finish();
            finished = true;
        }
    }

    @Override
    public void close() throws IOException {
        ciphertext.close();
    }
}
