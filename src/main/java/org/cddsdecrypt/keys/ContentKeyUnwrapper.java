package org.cddsdecrypt.keys;

import java.security.Key;
import java.security.PrivateKey;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientOperator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipient;
import org.cddsdecrypt.envelope.Recipient;
import org.cddsdecrypt.error.KeyException;

/**
 * Unwraps a message's content-encryption key with Bouncy Castle's recipient code (RSA PKCS#1 v1.5, RSA-OAEP,
 * ECDH with the CMS key derivation and AES key wrap), but stops there: the bulk content is decrypted by
 * {@link org.cddsdecrypt.envelope.CmsMessage} on the JDK's AES.
 *
 * <p>Unwrapping runs on the JDK's providers first: creating Bouncy Castle's JCE provider costs ~0.5 s of CPU at
 * start-up, more than the rest of a small decryption. Only when the JDK lacks an algorithm or parameter set (some
 * RSA-OAEP variants, bc-java#1277; uncommon curves) is the unwrap repeated on the BC provider.
 */
final class ContentKeyUnwrapper {
    private ContentKeyUnwrapper() {}

    /** One attempt at unwrapping, on the JDK's providers or on Bouncy Castle's. */
    @FunctionalInterface
    interface Attempt {
        Key run(boolean onBouncyCastle) throws Exception;
    }

    static Key unwrap(Attempt attempt) throws Exception {
        try {
            return attempt.run(false);
        } catch (Exception e) {
            if (!isMissingAlgorithm(e)) {
                throw e;
            }
            return attempt.run(true);
        }
    }

    /** True when the failure says the JDK lacks something, not that the key or data is wrong. */
    private static boolean isMissingAlgorithm(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (t instanceof java.security.NoSuchAlgorithmException
                    || t instanceof java.security.NoSuchProviderException
                    || t instanceof java.security.InvalidAlgorithmParameterException
                    || t instanceof javax.crypto.NoSuchPaddingException
                    || message.contains("no provider")
                    || message.contains("not supported")
                    || message.contains("not available")
                    || message.contains("unsupported")) {
                return true;
            }
        }
        return false;
    }

    static final class KeyTransport extends JceKeyTransRecipient {
        KeyTransport(PrivateKey key, boolean onBouncyCastle) {
            super(key);
            if (onBouncyCastle) {
                setProvider(BcProvider.get());
            }
        }

        Key unwrap(Recipient recipient, AlgorithmIdentifier contentAlgorithm) throws CMSException {
            return extractSecretKey(recipient.keyEncryptionAlgorithm(), contentAlgorithm, recipient.encryptedKey());
        }

        @Override
        public RecipientOperator getRecipientOperator(
                AlgorithmIdentifier keyEncryptionAlgorithm,
                AlgorithmIdentifier contentEncryptionAlgorithm,
                byte[] encryptedContentKey) {
            throw new UnsupportedOperationException("only used to unwrap the content key");
        }
    }

    static final class KeyAgreement extends JceKeyAgreeRecipient {
        KeyAgreement(PrivateKey key, boolean onBouncyCastle) {
            super(key);
            if (onBouncyCastle) {
                setProvider(BcProvider.get());
            }
        }

        Key unwrap(Recipient recipient, AlgorithmIdentifier contentAlgorithm) throws CMSException, KeyException {
            if (recipient.originatorKey() == null) {
                throw new KeyException("key agreement without an originator public key is not supported");
            }
            // As BC's KeyAgreeRecipientInformation does: the sender's key takes the curve from our own key, since
            // senders often omit the parameters.
            SubjectPublicKeyInfo sender = new SubjectPublicKeyInfo(
                    getPrivateKeyAlgorithmIdentifier(),
                    recipient.originatorKey().getPublicKeyData().getBytes());
            return extractSecretKey(
                    recipient.keyEncryptionAlgorithm(),
                    contentAlgorithm,
                    sender,
                    recipient.userKeyingMaterial(),
                    recipient.encryptedKey());
        }

        @Override
        public RecipientOperator getRecipientOperator(
                AlgorithmIdentifier keyEncryptionAlgorithm,
                AlgorithmIdentifier contentEncryptionAlgorithm,
                SubjectPublicKeyInfo senderPublicKey,
                ASN1OctetString userKeyingMaterial,
                byte[] encryptedContentKey) {
            throw new UnsupportedOperationException("only used to unwrap the content key");
        }
    }
}
