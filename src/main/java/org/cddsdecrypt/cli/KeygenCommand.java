package org.cddsdecrypt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.io.Untrusted;
import org.cddsdecrypt.keys.CertificateExpiry;
import org.cddsdecrypt.keys.CertificateFacts;
import org.cddsdecrypt.keys.KeyGenerator;
import org.cddsdecrypt.keys.PassphraseSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keygen}: the key and certificate that the CDDS user preferences ask for. */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Makes a new RSA key and a self-signed certificate for it, to upload as the encryption "
                    + "certificate in your CDDS user preferences; prints where both went, the certificate's SHA-256 "
                    + "fingerprint and expiry, and what to do next.",
            "The key file is PKCS#8 PEM, encrypted with AES-256-CBC and PBKDF2-HMAC-SHA256 (openssl reads it), "
                    + "created owner-only and atomically; the certificate follows the key in it, so -k KEY alone "
                    + "tells every command which certificate the key belongs to. An existing file is never "
                    + "replaced without --force: exports encrypted to a key's certificate open only with that key.",
            "The certificate: X.509 v3, SHA-256 with RSA, keyUsage keyEncipherment (critical) and "
                    + "dataEncipherment, extendedKeyUsage emailProtection, a subject key identifier and a random "
                    + "16-byte serial number."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cdds-decrypt keygen --key ~/.cdds/keys/cdds.key --cert ~/cdds.crt \\",
            "      --passout env:KEY_PASS",
            "  cdds-decrypt keygen --no-passphrase --key /etc/cdds/keys/cdds.key \\",
            "      --cert /etc/cdds/cdds.crt --subject 'CN=cdds prod,O=Example' --days 365",
            "  cdds-decrypt keygen --key ~/.cdds/keys/cdds.key --cert ~/cdds.crt \\",
            "      --csr ~/cdds.csr --key-size 4096 --passout file:/etc/cdds/key-pass"
        })
public final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "FILE",
            description = "The private key file to create (mode 0600), with the certificate after the key.")
    Path key;

    @Option(
            names = "--cert",
            required = true,
            paramLabel = "FILE",
            description = "The certificate file to create (PEM): the one to upload in the CDDS user preferences.")
    Path cert;

    @Option(
            names = "--csr",
            paramLabel = "FILE",
            description = "Also write a PKCS#10 certificate request with the "
                    + "same subject and key, for an organisation whose CA issues the certificate.")
    Path csr;

    @Option(
            names = "--subject",
            paramLabel = "DN",
            description = "The certificate's subject, as CN=…,O=… or "
                    + "openssl's /O=…/CN=…. Default: CN=cdds-decrypt <host> <date>.")
    String subject;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "" + KeyGenerator.DEFAULT_DAYS,
            description = "How long the certificate is valid, in days. Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(
            names = "--key-size",
            paramLabel = "BITS",
            defaultValue = "" + KeyGenerator.DEFAULT_KEY_SIZE,
            description = "RSA key size: 2048, 3072 or 4096. Default: ${DEFAULT-VALUE}.")
    int keySize;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Protection protection;

    /** {@code --passout} and {@code --no-passphrase} exclude each other. */
    static final class Protection {
        @Option(
                names = "--passout",
                paramLabel = "SPEC",
                required = true,
                description = "The new key's passphrase, as in OpenSSL: env:VAR, file:PATH, fd:N or pass:TEXT "
                        + "(pass: is visible to other users in the process list). Default: asked twice on the "
                        + "terminal.")
        String passout;

        @Option(
                names = "--no-passphrase",
                required = true,
                description = "Write the key unencrypted (for cron "
                        + "and services that cannot be given a passphrase); it is still readable by its owner only.")
        boolean none;
    }

    @Option(
            names = {"-f", "--force"},
            description = "Replace existing files. The old key is gone then: exports "
                    + "encrypted to its certificate no longer open.")
    boolean force;

    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() throws Exception {
        Environment env = Environment.of(spec);
        KeyGenerator.Request request = new KeyGenerator.Request(key, cert, csr, keySize, subject, days, force);
        try (PassphraseSource passphrases = passphrases(env)) {
            KeyGenerator.Result result = KeyGenerator.generate(
                    request, () -> passphrases == null ? null : newPassphrase(passphrases), Clock.systemUTC());
            if (!verbosity.quiet) {
                print(spec.commandLine().getOut(), result, days);
            }
        }
        return 0;
    }

    /** Where the passphrase comes from; null for an unencrypted key. */
    private PassphraseSource passphrases(Environment env) throws UsageException {
        if (protection != null && protection.none) {
            return null;
        }
        if (protection != null) {
            return PassphraseSource.parse("--passout", protection.passout, env::get);
        }
        return PassphraseSource.newPassphrasePromptOrNone();
    }

    private char[] newPassphrase(PassphraseSource passphrases) throws org.cddsdecrypt.error.CddsException {
        char[] pass = passphrases.passphraseFor(key.toString());
        if (pass == null) {
            throw new UsageException("no terminal to ask the new key's passphrase on: give it with --passout "
                    + "(env:VAR, file:PATH, fd:N or pass:TEXT), or pass --no-passphrase for a key without one");
        }
        if (pass.length == 0) {
            throw new UsageException(
                    "--passout gives an empty passphrase: pass --no-passphrase for a key without " + "one");
        }
        return pass;
    }

    private static void print(PrintWriter out, KeyGenerator.Result result, int days) {
        CertificateFacts facts = result.certificate();
        String keyFile = absolute(result.keyFile());
        String certFile = absolute(result.certificateFile());
        out.println("key:          " + keyFile + " (RSA " + result.keySize() + " bits, "
                + (result.encrypted() ? "encrypted with its passphrase" : "not encrypted") + ", its certificate "
                + "after it)");
        out.println("certificate:  " + certFile);
        if (result.requestFile() != null) {
            out.println("request:      " + absolute(result.requestFile()));
        }
        out.println("subject:      " + Untrusted.text(facts.subject()));
        out.println("serial:       " + facts.serial());
        out.println("SHA-256:      " + facts.sha256());
        out.println(
                "expires:      " + CertificateExpiry.DATE.format(facts.notAfter()) + " (valid for " + days + " days)");
        out.println();
        out.println("Next: upload " + certFile + " as the encryption certificate in your CDDS user preferences"
                + (result.requestFile() == null
                        ? ""
                        : " (or have your CA issue one from the request, and upload " + "that)")
                + ".");
        out.println("Keep " + keyFile + (result.encrypted() ? " and its passphrase" : "") + " safe and backed up: "
                + "exports encrypted to this certificate open only with this key.");
        out.println("Then: cdds-decrypt extract -k " + keyFile + " PART");
        out.flush();
    }

    private static String absolute(Path path) {
        return Untrusted.text(path.toAbsolutePath().normalize().toString());
    }
}
