package org.cddsdecrypt.envelope;

import java.io.IOException;
import java.io.InputStream;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.cddsdecrypt.error.CorruptInputException;

/**
 * AES-GCM content decryption that releases plaintext as it goes, with Bouncy Castle's lightweight GCM, which holds
 * back only the tag: the JDK's GCM returns nothing until {@code doFinal} (it buffers the whole message). Its AES is
 * pure Java, slower than the JDK's AES-NI, which does not matter here: CDDS exports are AES-CBC. Plaintext read
 * before the end is unauthenticated: callers commit output only after the stream ended without error, which
 * verifies the tag that CMS stores after the content.
 */
final class GcmContentStream extends CipherStream {
    /** Supplies the tag, which AuthEnvelopedData stores after the encrypted content. */
    interface MacSource {
        byte[] readMac() throws IOException;
    }

    private final GCMModeCipher gcm;
    private final MacSource macSource;

    private GcmContentStream(InputStream ciphertext, GCMModeCipher gcm, MacSource macSource) {
        super(ciphertext);
        this.gcm = gcm;
        this.macSource = macSource;
    }

    static InputStream open(InputStream ciphertext, SecretKey key, AlgorithmIdentifier algorithmId, MacSource macSource)
            throws CorruptInputException {
        GCMParameters params;
        try {
            params = GCMParameters.getInstance(algorithmId.getParameters());
        } catch (RuntimeException e) {
            throw new CorruptInputException("CMS message has no valid GCM parameters", e);
        }
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        try {
            gcm.init(
                    false,
                    new AEADParameters(new KeyParameter(key.getEncoded()), params.getIcvLen() * 8, params.getNonce()));
        } catch (IllegalArgumentException e) {
            throw new CorruptInputException("cannot set up AES-GCM: " + e.getMessage(), e);
        }
        return new GcmContentStream(ciphertext, gcm, macSource);
    }

    @Override
    protected int update(byte[] in, int len) {
        ensureOutput(gcm.getUpdateOutputSize(len));
        return gcm.processBytes(in, 0, len, outBuf, 0);
    }

    @Override
    protected int finish() throws IOException {
        byte[] mac = macSource.readMac();
        ensureOutput(gcm.getOutputSize(mac.length));
        int n = gcm.processBytes(mac, 0, mac.length, outBuf, 0);
        try {
            return n + gcm.doFinal(outBuf, n);
        } catch (InvalidCipherTextException e) {
            throw new CorruptInputException(
                    "AES-GCM authentication failed: the file is corrupt or was tampered with", e);
        }
    }

    private void ensureOutput(int size) {
        if (outBuf.length < size) {
            outBuf = new byte[size];
        }
    }
}
