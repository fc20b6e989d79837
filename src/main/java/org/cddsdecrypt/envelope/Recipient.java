package org.cddsdecrypt.envelope;

import java.math.BigInteger;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.cddsdecrypt.io.Untrusted;

/**
 * One recipient of a message, flattened from the CMS RecipientInfo: who it is (issuer and serial number, or subject
 * key identifier) and what is needed to unwrap its content-encryption key.
 *
 * @param kind key transport (RSA) or key agreement (ECDH); other kinds are listed but cannot be used
 * @param issuer issuer of the recipient certificate, or null when identified by subject key identifier
 * @param serial serial number of the recipient certificate, or null
 * @param subjectKeyId subject key identifier, or null
 * @param keyEncryptionAlgorithm how the content key was encrypted for this recipient
 * @param encryptedKey the encrypted content key
 * @param originatorKey for key agreement: the sender's ephemeral public key (its algorithm parameters may be absent)
 * @param userKeyingMaterial for key agreement: the optional UKM
 */
public record Recipient(
        Kind kind,
        X500Name issuer,
        BigInteger serial,
        byte[] subjectKeyId,
        AlgorithmIdentifier keyEncryptionAlgorithm,
        byte[] encryptedKey,
        SubjectPublicKeyInfo originatorKey,
        ASN1OctetString userKeyingMaterial) {

    public enum Kind {
        KEY_TRANSPORT("key transport"),
        KEY_AGREEMENT("key agreement"),
        UNSUPPORTED("unsupported recipient type");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** "issuer CN=…, serial 0x…" or "subject key id …", as users compare it with {@code openssl x509 -serial}. */
    public String describe() {
        if (issuer != null) {
            return "issuer \"" + Untrusted.text(issuerText(), 200) + "\", serial " + serialHex();
        }
        if (subjectKeyId != null) {
            return "subject key id " + HexFormat.of().formatHex(subjectKeyId);
        }
        return kind.label();
    }

    /**
     * The issuer as text. Names come from the (untrusted) message: one with malformed strings (bad UTF-8 in a
     * UTF8String) cannot be printed by Bouncy Castle, which throws; it is shown as the hex of its DER instead.
     */
    public String issuerText() {
        return nameText(issuer);
    }

    /** A name as text, or the hex of its DER when Bouncy Castle cannot print it (see {@link #issuerText}). */
    public static String nameText(X500Name name) {
        try {
            return name.toString();
        } catch (RuntimeException e) {
            try {
                return "(unprintable name) " + HexFormat.of().formatHex(name.getEncoded());
            } catch (java.io.IOException | RuntimeException again) {
                return "(unprintable name)";
            }
        }
    }

    /** Serial number in upper-case hex, as {@code openssl x509 -serial} prints it (whole bytes: "0A…", not "A…"). */
    public String serialHex() {
        return serial == null ? null : serialHex(serial);
    }

    /** Upper-case hex in whole bytes, a minus sign before a negative one (a malformed certificate's). */
    public static String serialHex(java.math.BigInteger serial) {
        String hex = serial.abs().toString(16).toUpperCase(java.util.Locale.ROOT);
        hex = hex.length() % 2 == 0 ? hex : "0" + hex;
        return serial.signum() < 0 ? "-" + hex : hex;
    }
}
