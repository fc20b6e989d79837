package org.cddsdecrypt.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.cddsdecrypt.CorruptInputException;

/**
 * CBC content decryption on the JDK's own provider, whose AES uses the CPU's AES-NI instructions (several times
 * faster than Bouncy Castle's pure-Java engine, see docs/PERFORMANCE.md).
 */
final class CbcContentStream extends CipherStream {
    private final Cipher cipher;

    private CbcContentStream(InputStream ciphertext, Cipher cipher) {
        super(ciphertext);
        this.cipher = cipher;
    }

    static InputStream open(InputStream ciphertext, SecretKey key, ContentAlgorithm algorithm,
            AlgorithmIdentifier algorithmId) throws CorruptInputException {
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
            Cipher cipher = Cipher.getInstance(algorithm.jceName() + "/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyBytes, algorithm.jceName()),
                    new IvParameterSpec(iv));
            return new CbcContentStream(ciphertext, cipher);
        } catch (GeneralSecurityException e) {
            throw new CorruptInputException("cannot set up " + algorithm.displayName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected int update(byte[] in, int len) throws IOException {
        try {
            return cipher.update(in, 0, len, outBuf, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("output buffer sized below input plus one block", e);
        }
    }

    @Override
    protected int finish() throws IOException {
        try {
            return cipher.doFinal(outBuf, 0);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new CorruptInputException("decryption failed at the end of the content (bad padding): the file is "
                    + "truncated or corrupt, or was not encrypted for this key", e);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("output buffer sized below one block", e);
        }
    }
}
