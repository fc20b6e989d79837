package org.cddsdecrypt.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.List;

/**
 * A key as {@code cdds-decrypt keys} shows it: its type and size, and each certificate it pairs with, checked
 * against it.
 *
 * @param bits the RSA modulus or EC order size, 0 for other key types
 */
public record KeyDescription(KeyEntry key, String type, int bits, List<PairedCertificate> certificates) {

    /**
     * A certificate of the key.
     *
     * @param matchesKey whether the key signs what the certificate's public key verifies; null when that cannot be
     *     tried (a key type without a signature scheme here)
     */
    public record PairedCertificate(X509Certificate certificate, CertificateFacts facts, Boolean matchesKey) {}

    public static KeyDescription of(KeyEntry key) {
        List<PairedCertificate> certificates = key.certificates().stream()
                .map(c -> new PairedCertificate(c, CertificateFacts.of(c), matches(key, c)))
                .toList();
        return new KeyDescription(key, key.algorithm(), bits(key), certificates);
    }

    private static int bits(KeyEntry key) {
        if (key.privateKey() instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key.privateKey() instanceof ECKey ec) {
            return ec.getParams().getOrder().bitLength();
        }
        return 0;
    }

    /**
     * A signature made with the private key and verified with the certificate's public key: a real test of the
     * pair, whatever paired them (the same file, a name, or a public key that may have been wrong).
     */
    static Boolean matches(KeyEntry key, X509Certificate certificate) {
        String scheme = switch (key.algorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA", "ECDH" -> "SHA256withECDSA";
            default -> null;
        };
        if (scheme == null) {
            return null;
        }
        byte[] challenge = ("cdds-decrypt key check " + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
        try {
            Signature sign = Signature.getInstance(scheme);
            sign.initSign(key.privateKey());
            sign.update(challenge);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(scheme);
            verify.initVerify(certificate.getPublicKey());
            verify.update(challenge);
            return verify.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // the certificate's key is of another type or size: not this key's
        }
    }
}
