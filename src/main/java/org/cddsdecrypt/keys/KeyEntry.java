package org.cddsdecrypt.keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and what identifies it: the certificates it belongs to (from the same file, a PKCS#12 bag or a
 * certificate file beside it) and its public key when that can be derived.
 *
 * @param privateKey the key
 * @param publicKey its public half, or null when the file did not carry it
 * @param certificates certificates for this key (may be empty)
 * @param source where it was loaded from, for messages
 */
public record KeyEntry(PrivateKey privateKey, PublicKey publicKey, List<X509Certificate> certificates, String source) {

    public KeyEntry {
        certificates = List.copyOf(certificates);
    }

    KeyEntry withCertificates(List<X509Certificate> more) {
        List<X509Certificate> all = new java.util.ArrayList<>(certificates);
        all.addAll(more);
        return new KeyEntry(privateKey, publicKey, all, source);
    }

    public String algorithm() {
        return privateKey.getAlgorithm();
    }
}
