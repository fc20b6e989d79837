package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cddsdecrypt.testing.Cli;

/** A key and certificate made by {@code cdds-decrypt keygen} into a test's folder, and openssl's view of them. */
record NewPair(Path key, Path cert, Cli.Result run) {
    /** Runs keygen for {@code name}.key and {@code name}.crt in {@code dir}; {@code options} are added. */
    static NewPair make(Path dir, String name, Object... options) {
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".crt");
        List<Object> args = new ArrayList<>(List.of("keygen", "--key", key, "--cert", cert));
        args.addAll(List.of(options));
        if (!args.contains("--key-size")) {
            args.addAll(List.of("--key-size", "2048")); // quicker to make than the default
        }
        Cli.Result r = new Cli().run(args.toArray());
        assertEquals(0, r.code(), r::toString);
        return new NewPair(key, cert, r);
    }

    /** {@code payload} encrypted by openssl to the certificate, as S/MIME in {@code to}. */
    Path encrypt(Path payload, Path to) throws Exception {
        return org.cddsdecrypt.testing.Openssl.encrypt(payload, to, cert);
    }

    /** What {@code openssl x509 ARGS -noout -in CERT} prints. */
    String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "x509", "-noout", "-in", cert.toString()));
        command.addAll(List.of(args));
        Processes.Run run = Processes.run(null, java.util.Map.of(), command);
        assertEquals(0, run.code(), run.output());
        return run.output();
    }

    /** The certificate's notAfter, as {@code openssl x509 -enddate} prints it. */
    Instant notAfter() throws Exception {
        String date =
                openssl("-enddate").strip().substring("notAfter=".length()).replaceAll(" +", " ");
        return ZonedDateTime.parse(date, DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy z", Locale.ROOT))
                .toInstant();
    }

    /** A file of random bytes to encrypt. */
    static Path payload(Path dir) throws Exception {
        byte[] bytes = new byte[70_000];
        new java.util.Random(17).nextBytes(bytes);
        return Files.write(dir.resolve("payload.bin"), bytes);
    }
}
