package org.cddsdecrypt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** What openssl itself says about the fixture certificates, to compare the tool's output with. */
public final class Openssl {
    private Openssl() {}

    /** The serial number as {@code openssl x509 -serial} prints it (upper-case hex, whole bytes). */
    public static String serial(Path certificate) {
        String out = run("openssl", "x509", "-noout", "-serial", "-in", certificate.toString());
        if (!out.startsWith("serial=")) {
            throw new IllegalStateException("unexpected openssl output: " + out);
        }
        return out.substring("serial=".length());
    }

    /** {@code payload} encrypted by {@code openssl smime} (AES-256) to {@code certificate}, as S/MIME in {@code to}. */
    public static Path encrypt(Path payload, Path to, Path certificate) {
        run(
                "openssl",
                "smime",
                "-encrypt",
                "-binary",
                "-aes256",
                "-in",
                payload.toString(),
                "-out",
                to.toString(),
                certificate.toString());
        return to;
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
