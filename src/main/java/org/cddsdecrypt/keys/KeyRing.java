package org.cddsdecrypt.keys;

import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.cddsdecrypt.envelope.CmsMessage;
import org.cddsdecrypt.envelope.ContentAlgorithm;
import org.cddsdecrypt.envelope.Recipient;
import org.cddsdecrypt.error.KeyException;

/**
 * The keys a run may use, and the choice of key for each message. A key identified by its certificate (or public
 * key, for subject-key-identifier recipients) is used for the recipient it names. When no key is named, every key
 * is tried against the recipients of its algorithm, the way {@code openssl smime -decrypt -inkey} does: a key
 * without a certificate, or one whose certificate is not the one the message names (a self-signed one beside a
 * CA-issued one for the same key, say).
 */
public final class KeyRing {
    /**
     * Most recipients a message may have for trial unwrapping, each costing one private-key operation per key:
     * a message with 55,000 bogus recipients took minutes. Real exports have one or two.
     */
    public static final int MAX_TRIAL_RECIPIENTS = 64;

    private final List<KeyEntry> keys;
    private final List<LooseCertificate> unpaired;
    private final Opened opened;

    public KeyRing(List<KeyEntry> keys) {
        this(keys, List.of(), (key, certificate) -> {});
    }

    KeyRing(List<KeyEntry> keys, List<LooseCertificate> unpaired, Opened opened) {
        this.keys = List.copyOf(keys);
        this.unpaired = List.copyOf(unpaired);
        this.opened = opened;
    }

    public List<KeyEntry> keys() {
        return keys;
    }

    /** Certificates that were loaded but belong to none of the keys (a wrong one beside a key, say). */
    public List<LooseCertificate> unpairedCertificates() {
        return unpaired;
    }

    /** A certificate and the file it came from. */
    public record LooseCertificate(X509Certificate certificate, String source) {}

    /** Hears which key, and which of its certificates, opened a message. */
    @FunctionalInterface
    public interface Opened {
        /**
         * @param certificate the certificate that names the message's recipient, or null when the key was found by
         *     trying it or by its public key
         */
        void opened(KeyEntry key, X509Certificate certificate);
    }

    /** This ring, telling {@code listener} of every message a key opens (for expiry warnings). */
    public KeyRing whenOpening(Opened listener) {
        return new KeyRing(keys, unpaired, listener);
    }

    /** The key whose certificate or public key names one of the recipients, without any decryption. */
    public Optional<KeyEntry> identify(List<Recipient> recipients) {
        for (Recipient recipient : recipients) {
            for (KeyEntry key : keys) {
                if (identifies(key, recipient)) {
                    return Optional.of(key);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The key that opens the message, as {@link #contentKeyFor} chooses it, or empty when none does. A key whose
     * certificate or public key names a recipient is named without unwrapping anything.
     */
    public Optional<KeyEntry> keyFor(CmsMessage message, String messageName) {
        Optional<KeyEntry> identified = identify(message.recipients());
        if (identified.isPresent()) {
            return identified;
        }
        try {
            return Optional.of(choose(message, messageName).key());
        } catch (KeyException none) {
            return Optional.empty();
        }
    }

    /**
     * Finds a key for the message and unwraps its content-encryption key.
     *
     * @throws KeyException naming every recipient and every key tried when none works
     */
    public SecretKey contentKeyFor(CmsMessage message, String messageName) throws KeyException {
        return choose(message, messageName).contentKey();
    }

    private record Unwrapped(KeyEntry key, SecretKey contentKey) {}

    private Unwrapped choose(CmsMessage message, String messageName) throws KeyException {
        ContentAlgorithm algorithm = message.contentAlgorithm();
        String jceName = algorithm == null ? "AES" : algorithm.jceName();
        for (Recipient recipient : message.recipients()) {
            for (KeyEntry key : keys) {
                if (identifies(key, recipient)) {
                    SecretKey contentKey;
                    try {
                        contentKey = new SecretKeySpec(
                                unwrap(key, recipient, message).getEncoded(), jceName);
                    } catch (Exception e) {
                        throw new KeyException(
                                "key " + key.source() + " matches recipient " + recipient.describe()
                                        + " of " + messageName + " but cannot unwrap its content key: "
                                        + KeyLoader.reason(e),
                                e);
                    }
                    opened.opened(key, namingCertificate(key, recipient));
                    return new Unwrapped(key, contentKey);
                }
            }
        }
        requireFewForTrial(message, messageName);
        for (Recipient recipient : message.recipients()) {
            for (KeyEntry key : keys) {
                if (compatible(key, recipient)) {
                    try {
                        Key unwrapped = unwrap(key, recipient, message);
                        if (algorithm == null || unwrapped.getEncoded().length == algorithm.keyLength()) {
                            return new Unwrapped(key, new SecretKeySpec(unwrapped.getEncoded(), jceName));
                        }
                    } catch (Exception notThisKey) {
                        // the next one may fit: noMatch names every key tried
                    }
                }
            }
        }
        throw noMatch(message, messageName);
    }

    /** Refuses trial unwrapping of a message with more than {@link #MAX_TRIAL_RECIPIENTS} recipients to try. */
    private void requireFewForTrial(CmsMessage message, String messageName) throws KeyException {
        long candidates = message.recipients().stream()
                .filter(r -> keys.stream().anyMatch(k -> compatible(k, r)))
                .count();
        if (candidates > MAX_TRIAL_RECIPIENTS) {
            throw new KeyException(messageName + " has " + candidates + " recipients that no certificate names and "
                    + "that a key would have to be tried against, more than the " + MAX_TRIAL_RECIPIENTS
                    + " this tool tries (a damaged or hostile message?); give the key's certificate (in the key "
                    + "file or beside it in the key folder) so that it names its recipient");
        }
    }

    private KeyException noMatch(CmsMessage message, String messageName) {
        String recipients =
                message.recipients().stream().map(Recipient::describe).collect(Collectors.joining("; "));
        Set<String> tried = new LinkedHashSet<>();
        keys.forEach(k -> tried.add(k.source()));
        return new KeyException("no key matches a recipient of " + messageName + " (recipients: " + recipients
                + "; keys tried: " + String.join(", ", tried) + ")");
    }

    private static Key unwrap(KeyEntry key, Recipient recipient, CmsMessage message) throws Exception {
        return switch (recipient.kind()) {
            case KEY_TRANSPORT ->
                ContentKeyUnwrapper.unwrap(bc -> new ContentKeyUnwrapper.KeyTransport(key.privateKey(), bc)
                        .unwrap(recipient, message.contentAlgorithmId()));
            case KEY_AGREEMENT ->
                ContentKeyUnwrapper.unwrap(bc -> new ContentKeyUnwrapper.KeyAgreement(key.privateKey(), bc)
                        .unwrap(recipient, message.contentAlgorithmId()));
            case UNSUPPORTED -> throw new KeyException("unsupported recipient type");
        };
    }

    private static boolean compatible(KeyEntry key, Recipient recipient) {
        String alg = key.algorithm();
        return switch (recipient.kind()) {
            case KEY_TRANSPORT -> alg.equals("RSA") || alg.equals("RSASSA-PSS");
            case KEY_AGREEMENT -> alg.equals("EC") || alg.equals("ECDH") || alg.equals("ECDSA");
            case UNSUPPORTED -> false;
        };
    }

    static boolean identifies(KeyEntry key, Recipient recipient) {
        if (!compatible(key, recipient)) {
            return false;
        }
        if (namingCertificate(key, recipient) != null) {
            return true;
        }
        return recipient.subjectKeyId() != null
                && key.publicKey() != null
                && Arrays.equals(sha1OfPublicKey(key.publicKey().getEncoded()), recipient.subjectKeyId());
    }

    /** The key's certificate that the recipient names (by issuer and serial, or subject key identifier), or null. */
    private static X509Certificate namingCertificate(KeyEntry key, Recipient recipient) {
        for (X509Certificate cert : key.certificates()) {
            if (recipient.issuer() != null
                    && cert.getSerialNumber().equals(recipient.serial())
                    && X500Name.getInstance(cert.getIssuerX500Principal().getEncoded())
                            .equals(recipient.issuer())) {
                return cert;
            }
            if (recipient.subjectKeyId() != null && Arrays.equals(subjectKeyId(cert), recipient.subjectKeyId())) {
                return cert;
            }
        }
        return null;
    }

    private static byte[] subjectKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return sha1OfPublicKey(cert.getPublicKey().getEncoded());
        }
        return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets())
                .getOctets();
    }

    /** RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING, what openssl puts in certificates. */
    private static byte[] sha1OfPublicKey(byte[] encodedPublicKey) {
        try {
            byte[] bits = SubjectPublicKeyInfo.getInstance(encodedPublicKey)
                    .getPublicKeyData()
                    .getBytes();
            return MessageDigest.getInstance("SHA-1").digest(bits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }
}
