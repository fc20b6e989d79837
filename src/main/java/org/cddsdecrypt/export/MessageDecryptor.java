package org.cddsdecrypt.export;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.cddsdecrypt.envelope.CmsMessage;
import org.cddsdecrypt.envelope.Envelope;
import org.cddsdecrypt.envelope.EnvelopeFormat;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.io.BackgroundStream;
import org.cddsdecrypt.keys.KeyEntry;
import org.cddsdecrypt.keys.KeyRing;

/**
 * Decrypts one S/MIME, PEM or DER CMS message as a stream: the entry point of the library for a single file.
 *
 * <pre>{@code
 * KeyRing keys = new KeyLoader(PassphraseSource.none(), System.err::println).load(List.of(Path.of("my.key")));
 * try (InputStream plain = new MessageDecryptor(keys).open(Files.newInputStream(file), file.toString())) {
 *     plain.transferTo(out); // reaching the end verifies the padding or GCM tag
 * }
 * }</pre>
 */
public final class MessageDecryptor {
    /** Base64 decoding runs one stage ahead of decryption in these buffers (see BackgroundStream). */
    private static final int BASE64_BUFFER = 256 * 1024;

    private static final int BASE64_BUFFERS = 4;

    private final KeyRing keys;

    public MessageDecryptor(KeyRing keys) {
        this.keys = keys;
    }

    /**
     * Opens the plaintext of the message in {@code raw}. Errors carry their exit code: {@link CorruptInputException}
     * for anything wrong with the file, {@link KeyException} when no key fits.
     */
    public InputStream open(InputStream raw, String name) throws IOException {
        Envelope envelope = Envelope.open(raw);
        InputStream der = envelope.format() == EnvelopeFormat.DER
                ? envelope.der()
                : BackgroundStream.start(envelope::der, BASE64_BUFFER, BASE64_BUFFERS, "base64");
        try {
            CmsMessage message = CmsMessage.parse(der);
            SecretKey contentKey = keys.contentKeyFor(message, name);
            return new ClosingBoth(message.openContent(contentKey), der);
        } catch (IOException | RuntimeException e) {
            der.close();
            throw e;
        }
    }

    /**
     * {@code keys PART}: the key of {@code keys} that opens the message in {@code file}, as decrypting would choose
     * it, or empty when none does ({@link #whyNoKeyOpens} says why).
     */
    public static Optional<KeyEntry> keyOpening(KeyRing keys, Path file) throws IOException {
        return keys.keyFor(header(file), file.toString());
    }

    /** What decrypting {@code file} with {@code keys} fails with: its recipients and the keys tried. */
    public static KeyException whyNoKeyOpens(KeyRing keys, Path file) throws IOException {
        try {
            keys.contentKeyFor(header(file), file.toString());
        } catch (KeyException e) {
            return e;
        }
        return new KeyException("no key opens " + file);
    }

    private static CmsMessage header(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return CmsMessage.parse(Envelope.open(in).der());
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such file");
        } catch (CorruptInputException e) {
            throw e.in(file.toString());
        } catch (IOException e) {
            throw CddsException.ownOr(
                    e, io -> new CorruptInputException("cannot read " + file + ": " + io.getMessage(), io));
        }
    }

    /** Closes the decrypting stream and the one under it (stopping a Base64 worker that is still running). */
    private static final class ClosingBoth extends FilterInputStream {
        private final InputStream under;

        ClosingBoth(InputStream in, InputStream under) {
            super(in);
            this.under = under;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                under.close();
            }
        }
    }
}
