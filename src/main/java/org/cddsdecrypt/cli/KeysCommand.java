package org.cddsdecrypt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.cddsdecrypt.export.MessageDecryptor;
import org.cddsdecrypt.io.Untrusted;
import org.cddsdecrypt.keys.CertificateExpiry;
import org.cddsdecrypt.keys.CertificateFacts;
import org.cddsdecrypt.keys.KeyDescription;
import org.cddsdecrypt.keys.KeyEntry;
import org.cddsdecrypt.keys.KeyRing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keys}: the keys given, the certificates they pair with, and which one opens a part. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = {
            "Lists each key given (files, folders and $CDDS_DECRYPT_KEYS, as in the other commands), one "
                    + "line per key: the file, key type and size, and each certificate it pairs with (subject, serial "
                    + "number in hex, not-after date, SHA-256 fingerprint) and whether it matches the key, or 'no "
                    + "certificate'.",
            "A certificate pairs with a key when it is in the key's file (keygen puts it there), beside it by name "
                    + "(KEY.crt, KEY.cer or KEY.pem; demo-key.pem and demo-cert.pem), or in the same folder of keys "
                    + "with the key's public key.",
            "Warns on stderr of every certificate that has expired or expires within 30 days (exports stop "
                    + "arriving when the one in the CDDS user preferences expires); the exit status stays 0.",
            "With PART, also says which key opens it (exit 4 when none does)."
        },
        footerHeading = "%nJSON (--json):%n",
        footer = {
            "[{\"file\": key file, \"type\": \"RSA\" or \"EC\", \"bits\": N, \"certificates\": [{\"subject\", "
                    + "\"issuer\", \"serial\" (hex), \"notBefore\", \"notAfter\" (ISO-8601 UTC), \"daysLeft\": N, "
                    + "\"sha256\" (fingerprint), \"matchesKey\": true|false|null}], \"opens\": true|false (only with "
                    + "PART)}]",
            "%nExamples:%n"
                    + "  cdds-decrypt keys -k keys/%n"
                    + "  cdds-decrypt keys --json -k my.key | jq '.[].certificates[].notAfter'%n"
                    + "  cdds-decrypt keys -k keys/ export-2b71….z01.smime"
        })
public final class KeysCommand extends BaseCommand {
    @Option(names = "--json", description = "Print a JSON array, one object per key (see JSON below).")
    boolean json;

    @Parameters(
            paramLabel = "PART",
            arity = "0..1",
            description = "A part (or any S/MIME file): say which key " + "opens it.")
    Path part;

    @Override
    public Integer call() throws Exception {
        Environment env = env();
        Consumer<String> warn = env.warnings(verbosity);
        KeyRing ring = keyOptions.load(env::get, warn);
        if (part == null) {
            report(ring, warn, key -> Map.of(), List.of());
            return 0;
        }
        return reportWithOpener(ring, warn);
    }

    /** The keys, each with whether it opens {@code part}, and the one that does; exit 4 when none does. */
    private Integer reportWithOpener(KeyRing ring, Consumer<String> warn) throws IOException {
        Optional<KeyEntry> opener = MessageDecryptor.keyOpening(ring, part);
        report(
                ring,
                warn,
                key -> Map.of("opens", opener.map(o -> o == key).orElse(false)),
                opener.map(k -> part + ": opened by " + k.source()).stream().toList());
        if (opener.isEmpty()) {
            throw MessageDecryptor.whyNoKeyOpens(ring, part);
        }
        return 0;
    }

    /**
     * Prints the keys, one line or JSON object each ({@code partFields} added to each object, {@code partLines}
     * after the lines), then warns of expiring and unpaired certificates.
     */
    private void report(
            KeyRing ring,
            Consumer<String> warn,
            Function<KeyEntry, Map<String, Object>> partFields,
            List<String> partLines) {
        List<KeyDescription> keys = ring.keys().stream().map(KeyDescription::of).toList();
        Instant now = Instant.now();
        PrintWriter out = out();
        if (json) {
            out.println(Json.write(keys.stream()
                    .map(k -> fields(k, now, partFields.apply(k.key())))
                    .toList()));
        } else {
            keys.forEach(k -> out.println(Untrusted.text(line(k))));
            partLines.forEach(line -> out.println(Untrusted.text(line)));
        }
        out.flush();
        warnOfExpiry(keys, now, warn);
        for (KeyRing.LooseCertificate loose : ring.unpairedCertificates()) {
            CertificateFacts facts = CertificateFacts.of(loose.certificate());
            warn.accept("certificate in " + loose.source() + " (\"" + facts.subject() + "\", serial " + facts.serial()
                    + ") belongs to none of the keys given");
        }
    }

    private static String line(KeyDescription key) {
        StringBuilder line = new StringBuilder(key.key().source()).append(": ").append(key.type());
        if (key.bits() > 0) {
            line.append(' ').append(key.bits()).append(" bits");
        }
        if (key.certificates().isEmpty()) {
            return line.append("; no certificate").toString();
        }
        for (KeyDescription.PairedCertificate c : key.certificates()) {
            CertificateFacts f = c.facts();
            line.append("; certificate \"")
                    .append(f.subject())
                    .append("\", serial ")
                    .append(f.serial())
                    .append(", not after ")
                    .append(CertificateExpiry.DATE.format(f.notAfter()))
                    .append(", SHA-256 ")
                    .append(f.sha256())
                    .append(", ")
                    .append(
                            c.matchesKey() == null
                                    ? "not checked against the key"
                                    : c.matchesKey() ? "matches the key" : "DOES NOT match the key");
        }
        return line.toString();
    }

    private static Map<String, Object> fields(KeyDescription key, Instant now, Map<String, Object> partFields) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("file", key.key().source());
        fields.put("type", key.type());
        fields.put("bits", key.bits() > 0 ? key.bits() : null);
        List<Map<String, Object>> certificates = new ArrayList<>();
        for (KeyDescription.PairedCertificate c : key.certificates()) {
            CertificateFacts f = c.facts();
            Map<String, Object> cert = new LinkedHashMap<>();
            cert.put("subject", f.subject());
            cert.put("issuer", f.issuer());
            cert.put("serial", f.serial());
            cert.put("notBefore", f.notBefore().toString());
            cert.put("notAfter", f.notAfter().toString());
            cert.put("daysLeft", f.daysLeft(now));
            cert.put("sha256", f.sha256());
            cert.put("matchesKey", c.matchesKey());
            certificates.add(cert);
        }
        fields.put("certificates", certificates);
        fields.putAll(partFields);
        return fields;
    }

    private static void warnOfExpiry(List<KeyDescription> keys, Instant now, Consumer<String> warn) {
        for (KeyDescription key : keys) {
            for (KeyDescription.PairedCertificate c : key.certificates()) {
                CertificateExpiry.warning(c.certificate(), key.key().source(), now)
                        .ifPresent(warn);
            }
        }
    }
}
