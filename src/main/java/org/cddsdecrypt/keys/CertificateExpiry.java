package org.cddsdecrypt.keys;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Warnings for certificates that have expired or expire soon. The service encrypts exports to the certificate in
 * the user preferences; once it has expired, exports stop arriving, and nothing else tells the user why.
 */
public final class CertificateExpiry implements KeyRing.Opened {
    /** How long before its end a certificate is warned about. */
    public static final Duration WARNING_PERIOD = Duration.ofDays(30);
    /** How dates of certificates are shown. */
    public static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Consumer<String> warnings;
    private final Clock clock;
    private final Set<X509Certificate> warned = new HashSet<>();

    /** Warns once per certificate that opens a message, through {@code warnings}. */
    public CertificateExpiry(Consumer<String> warnings, Clock clock) {
        this.warnings = warnings;
        this.clock = clock;
    }

    @Override
    public void opened(KeyEntry key, X509Certificate certificate) {
        if (certificate == null) {
            return;
        }
        synchronized (warned) {
            if (!warned.add(certificate)) {
                return;
            }
        }
        warning(certificate, key.source(), clock.instant()).ifPresent(warnings);
    }

    /** The warning for {@code certificate} of the key in {@code keySource}, if it is due at {@code now}. */
    public static Optional<String> warning(X509Certificate certificate, String keySource, Instant now) {
        CertificateFacts facts = CertificateFacts.of(certificate);
        if (facts.notAfter().isAfter(now.plus(WARNING_PERIOD))) {
            return Optional.empty();
        }
        long days = facts.daysLeft(now);
        String when = facts.notAfter().isAfter(now)
                ? "expires on " + DATE.format(facts.notAfter()) + " (in " + days + (days == 1 ? " day)" : " days)")
                : "expired on " + DATE.format(facts.notAfter());
        return Optional.of("the certificate of key " + keySource + " (\"" + facts.subject() + "\", serial "
                + facts.serial() + ") " + when + ": exports stop arriving when the certificate in the CDDS user "
                + "preferences expires. Make a new pair with 'cdds-decrypt keygen' and upload its certificate "
                + "(README: Rotation)");
    }
}
