package org.cddsdecrypt.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.cddsdecrypt.envelope.Recipient;

/**
 * What identifies a certificate to a person comparing it with the CDDS user preferences or with openssl: subject,
 * serial number in hex and SHA-256 fingerprint as {@code openssl x509 -serial -fingerprint -sha256} print them,
 * and its validity.
 *
 * @param subject the subject as the tool writes names elsewhere ({@code CN=a,O=b}, in the certificate's order)
 * @param issuer the issuer, in the same form
 * @param serial upper-case hex in whole bytes, as {@code openssl x509 -serial} prints it
 * @param sha256 upper-case hex bytes separated by colons, as {@code openssl x509 -fingerprint -sha256} prints it
 */
public record CertificateFacts(
        String subject, String issuer, String serial, Instant notBefore, Instant notAfter, String sha256) {

    public static CertificateFacts of(X509Certificate certificate) {
        return new CertificateFacts(
                name(certificate.getSubjectX500Principal().getEncoded()),
                name(certificate.getIssuerX500Principal().getEncoded()),
                Recipient.serialHex(certificate.getSerialNumber()),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                sha256(certificate));
    }

    /**
     * Days left until {@link #notAfter} from {@code now}, a part of a day counted as one (a new 10-day certificate
     * has 10 left); 0 or less once expired.
     */
    public long daysLeft(Instant now) {
        return -Math.floorDiv(
                -Duration.between(now, notAfter).toSeconds(), Duration.ofDays(1).toSeconds());
    }

    private static String name(byte[] encoded) {
        return Recipient.nameText(X500Name.getInstance(encoded));
    }

    private static String sha256(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate that was decoded can be encoded", e);
        }
    }
}
