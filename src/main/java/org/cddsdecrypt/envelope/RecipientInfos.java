package org.cddsdecrypt.envelope;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientIdentifier;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.OriginatorIdentifierOrKey;
import org.bouncycastle.asn1.cms.OriginatorPublicKey;
import org.bouncycastle.asn1.cms.RecipientEncryptedKey;
import org.bouncycastle.asn1.cms.RecipientIdentifier;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Turns BC's RecipientInfo structures into {@link Recipient}s, one per recipient certificate. */
final class RecipientInfos {
    private RecipientInfos() {}

    static List<Recipient> flatten(RecipientInfo info) {
        ASN1Encodable value = info.getInfo();
        if (value instanceof KeyTransRecipientInfo ktri) {
            return List.of(keyTransport(ktri));
        }
        if (value instanceof KeyAgreeRecipientInfo kari) {
            return keyAgreement(kari);
        }
        return List.of(new Recipient(Recipient.Kind.UNSUPPORTED, null, null, null, null, null, null, null));
    }

    private static Recipient keyTransport(KeyTransRecipientInfo ktri) {
        RecipientIdentifier rid = ktri.getRecipientIdentifier();
        byte[] encryptedKey = ktri.getEncryptedKey().getOctets();
        if (rid.isTagged()) {
            byte[] ski = ASN1OctetString.getInstance(rid.getId()).getOctets();
            return new Recipient(
                    Recipient.Kind.KEY_TRANSPORT,
                    null,
                    null,
                    ski,
                    ktri.getKeyEncryptionAlgorithm(),
                    encryptedKey,
                    null,
                    null);
        }
        IssuerAndSerialNumber iasn = IssuerAndSerialNumber.getInstance(rid.getId());
        return new Recipient(
                Recipient.Kind.KEY_TRANSPORT,
                iasn.getName(),
                iasn.getSerialNumber().getValue(),
                null,
                ktri.getKeyEncryptionAlgorithm(),
                encryptedKey,
                null,
                null);
    }

    private static List<Recipient> keyAgreement(KeyAgreeRecipientInfo kari) {
        SubjectPublicKeyInfo originator = originatorKey(kari.getOriginator());
        List<Recipient> result = new ArrayList<>();
        ASN1Sequence keys = kari.getRecipientEncryptedKeys();
        for (int i = 0; i < keys.size(); i++) {
            RecipientEncryptedKey rek = RecipientEncryptedKey.getInstance(keys.getObjectAt(i));
            KeyAgreeRecipientIdentifier id = rek.getIdentifier();
            byte[] encryptedKey = rek.getEncryptedKey().getOctets();
            if (id.getIssuerAndSerialNumber() != null) {
                IssuerAndSerialNumber iasn = id.getIssuerAndSerialNumber();
                result.add(new Recipient(
                        Recipient.Kind.KEY_AGREEMENT,
                        iasn.getName(),
                        iasn.getSerialNumber().getValue(),
                        null,
                        kari.getKeyEncryptionAlgorithm(),
                        encryptedKey,
                        originator,
                        kari.getUserKeyingMaterial()));
            } else {
                byte[] ski = id.getRKeyID().getSubjectKeyIdentifier().getOctets();
                result.add(new Recipient(
                        Recipient.Kind.KEY_AGREEMENT,
                        null,
                        null,
                        ski,
                        kari.getKeyEncryptionAlgorithm(),
                        encryptedKey,
                        originator,
                        kari.getUserKeyingMaterial()));
            }
        }
        return result;
    }

    /** Only an originator public key (what openssl writes for ECDH) can be used; other forms yield null. */
    private static SubjectPublicKeyInfo originatorKey(OriginatorIdentifierOrKey originator) {
        OriginatorPublicKey key = originator.getOriginatorKey();
        return key == null
                ? null
                : new SubjectPublicKeyInfo(
                        key.getAlgorithm(), key.getPublicKey().getBytes());
    }
}
