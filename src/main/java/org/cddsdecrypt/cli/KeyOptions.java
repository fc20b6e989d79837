package org.cddsdecrypt.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.export.DecryptingPartOpener;
import org.cddsdecrypt.keys.CertificateExpiry;
import org.cddsdecrypt.keys.KeyLoader;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.keys.PassphraseSource;
import picocli.CommandLine.Option;

/** {@code -k} and {@code --passin}, shared by every command that decrypts. */
public final class KeyOptions {
    static final String KEYS_VARIABLE = "CDDS_DECRYPT_KEYS";

    @Option(
            names = {"-k", "--key"},
            paramLabel = "KEY",
            description = "Private key file or directory of key files (PEM, DER, PKCS#12, JKS, JCEKS); repeat for "
                    + "several. Also read from $" + KEYS_VARIABLE + " (paths separated by ':', on Windows by ';').")
    List<Path> keys = new ArrayList<>();

    @Option(
            names = "--passin",
            paramLabel = "SPEC",
            description = "Passphrase for encrypted keys, as in OpenSSL: env:VAR, file:PATH, fd:N or pass:TEXT "
                    + "(pass: is visible to other users in the process list). Default: ask on the terminal.")
    String passin;

    /** Every key path from {@code -k} and the environment. */
    List<Path> keyPaths(Function<String, String> environment) {
        List<Path> all = new ArrayList<>(keys);
        String fromEnv = environment.apply(KEYS_VARIABLE);
        if (fromEnv != null) {
            for (String p : fromEnv.split(File.pathSeparator)) {
                if (!p.isBlank()) {
                    all.add(Path.of(p));
                }
            }
        }
        return all;
    }

    boolean hasKeys(Function<String, String> environment) {
        return !keyPaths(environment).isEmpty();
    }

    PassphraseSource passphrases(Function<String, String> environment) throws UsageException {
        return passin == null ? PassphraseSource.promptOrNone() : PassphraseSource.parse(passin, environment);
    }

    /**
     * The keys for decrypting (see {@link #loadWarningOfExpiry}), loaded when the first encrypted part needs them: on
     * a clean line with the progress display paused (a passphrase prompt), their warnings printed around it.
     */
    DecryptingPartOpener.Keys whenNeeded(Environment env, Verbosity verbosity, Progress progress) {
        return () -> progress.pausedFor(() -> loadWarningOfExpiry(env::get, progress.around(env.warnings(verbosity))));
    }

    /** Loads the keys; warnings (skipped files, loose permissions) go to {@code warnings}. */
    KeyRing load(Function<String, String> environment, java.util.function.Consumer<String> warnings)
            throws KeyException, UsageException {
        List<Path> paths = keyPaths(environment);
        if (paths.isEmpty()) {
            throw new UsageException(
                    "no key given: pass -k KEY (a key file or a directory of keys), or set $" + KEYS_VARIABLE);
        }
        for (Path path : paths) {
            String text = path.toString();
            if (text.startsWith("~") && !Files.exists(path)) {
                String home = environment.apply("HOME");
                throw new KeyException("key file " + text + ": no such file; a ~ is expanded by the shell only at the "
                        + "start of a word, not inside $" + KEYS_VARIABLE + ", quotes or -k=…: write the full path"
                        + (home == null || !text.startsWith("~/") ? "" : ", e.g. " + home + text.substring(1)));
            }
        }
        try (PassphraseSource passphrases = passphrases(environment)) {
            return new KeyLoader(passphrases, warnings).load(paths);
        }
    }

    /**
     * Loads the keys for decrypting: when a key opens a message, a certificate of it that has expired or expires
     * soon is warned about (once), through {@code warnings}.
     */
    KeyRing loadWarningOfExpiry(Function<String, String> environment, java.util.function.Consumer<String> warnings)
            throws KeyException, UsageException {
        return load(environment, warnings).whenOpening(expiryWarnings(warnings));
    }

    /** Warns once of each certificate that opens a message and has expired or expires soon. */
    static CertificateExpiry expiryWarnings(java.util.function.Consumer<String> warnings) {
        return new CertificateExpiry(warnings, java.time.Clock.systemUTC());
    }
}
