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
import org.cddsdecrypt.KeyException;
import org.cddsdecrypt.envelope.Recipient;

/**
 * Unwraps a message's content-encryption key with Bouncy Castle's recipient code (RSA PKCS#1 v1.5, RSA-OAEP,
 * ECDH with the CMS key derivation and AES key wrap), but stops there: the bulk content is decrypted by
 * {@link org.cddsdecrypt.envelope.CmsMessage} on the JDK's AES. Unwrapping runs on the BC provider because the JDK
 * lacks some OAEP parameter sets (bc-java#1277).
 */
final class ContentKeyUnwrapper {
    private ContentKeyUnwrapper() {
    }

    static final class KeyTransport extends JceKeyTransRecipient {
        KeyTransport(PrivateKey key) {
            super(key);
            setProvider(BcProvider.get());
        }

        Key unwrap(Recipient recipient, AlgorithmIdentifier contentAlgorithm) throws CMSException {
            return extractSecretKey(recipient.keyEncryptionAlgorithm(), contentAlgorithm, recipient.encryptedKey());
        }

        @Override
        public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncryptionAlgorithm,
                AlgorithmIdentifier contentEncryptionAlgorithm, byte[] encryptedContentKey) {
            throw new UnsupportedOperationException("only used to unwrap the content key");
        }
    }

    static final class KeyAgreement extends JceKeyAgreeRecipient {
        KeyAgreement(PrivateKey key) {
            super(key);
            setProvider(BcProvider.get());
        }

        Key unwrap(Recipient recipient, AlgorithmIdentifier contentAlgorithm) throws CMSException, KeyException {
            if (recipient.originatorKey() == null) {
                throw new KeyException("key agreement without an originator public key is not supported");
            }
            // As BC's KeyAgreeRecipientInformation does: the sender's key takes the curve from our own key, since
            // senders often omit the parameters.
            SubjectPublicKeyInfo sender = new SubjectPublicKeyInfo(getPrivateKeyAlgorithmIdentifier(),
                    recipient.originatorKey().getPublicKeyData().getBytes());
            return extractSecretKey(recipient.keyEncryptionAlgorithm(), contentAlgorithm, sender,
                    recipient.userKeyingMaterial(), recipient.encryptedKey());
        }

        @Override
        public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncryptionAlgorithm,
                AlgorithmIdentifier contentEncryptionAlgorithm, SubjectPublicKeyInfo senderPublicKey,
                ASN1OctetString userKeyingMaterial, byte[] encryptedContentKey) {
            throw new UnsupportedOperationException("only used to unwrap the content key");
        }
    }
}
