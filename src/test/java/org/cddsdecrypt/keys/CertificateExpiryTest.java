package org.cddsdecrypt.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** When a certificate is warned about, and what the warning says. */
class CertificateExpiryTest {
    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    private static KeyPair pair;

    @BeforeAll
    static void makeKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
    }

    /** A certificate made {@code daysAgo} days before NOW, valid {@code days} days. */
    private static X509Certificate certificate(int daysAgo, int days) throws Exception {
        return KeyGenerator.selfSigned(pair, new X500Name("CN=expiry test"), NOW.minus(Duration.ofDays(daysAgo)), days);
    }

    @Test
    void aCertificateExpiringWithinThirtyDaysIsWarnedAbout() throws Exception {
        X509Certificate cert = certificate(0, 10);
        Optional<String> warning = CertificateExpiry.warning(cert, "keys/cdds.key", NOW);
        assertTrue(warning.isPresent());
        String text = warning.get();
        assertTrue(text.contains("keys/cdds.key") && text.contains("CN=expiry test"), text);
        assertTrue(text.contains("serial " + String.format("%032X", cert.getSerialNumber())), text); // 16 bytes
        assertTrue(text.contains("expires on 2026-11-11 12:00 UTC (in 10 days)"), text);
        assertTrue(text.contains("cdds-decrypt keygen"), text);
    }

    @Test
    void anExpiredCertificateIsWarnedAbout() throws Exception {
        String text =
                CertificateExpiry.warning(certificate(800, 730), "k.pem", NOW).orElseThrow();
        assertTrue(text.contains("expired on 2026-08-23 12:00 UTC"), text);
    }

    @Test
    void aCertificateWithMoreThanThirtyDaysLeftIsNot() throws Exception {
        assertEquals(Optional.empty(), CertificateExpiry.warning(certificate(0, 31), "k.pem", NOW));
        assertEquals(Optional.empty(), CertificateExpiry.warning(certificate(0, 730), "k.pem", NOW));
        assertTrue(CertificateExpiry.warning(certificate(0, 30), "k.pem", NOW).isPresent(), "30 days: warned");
    }

    @Test
    void eachCertificateThatOpensAMessageIsWarnedAboutOnce() throws Exception {
        List<String> warnings = new ArrayList<>();
        CertificateExpiry expiry = new CertificateExpiry(warnings::add, Clock.fixed(NOW, ZoneOffset.UTC));
        X509Certificate soon = certificate(0, 10);
        KeyEntry key = new KeyEntry(pair.getPrivate(), pair.getPublic(), List.of(soon), "k.pem");
        expiry.opened(key, soon);
        expiry.opened(key, soon);
        expiry.opened(key, null); // found by trying: no certificate to judge
        expiry.opened(key, certificate(0, 365));
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void daysLeftCountsAPartOfADayAsOne() throws Exception {
        CertificateFacts facts = CertificateFacts.of(certificate(0, 10));
        assertEquals(10, facts.daysLeft(NOW.plusSeconds(5)));
        assertEquals(1, facts.daysLeft(NOW.plus(Duration.ofDays(10)).minusSeconds(1)));
        assertEquals(0, facts.daysLeft(NOW.plus(Duration.ofDays(10))));
    }
}
