package org.cddsdecrypt.export;

import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.KeyException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.crypto.SecretKey;
import org.cddsdecrypt.envelope.CmsMessage;
import org.cddsdecrypt.envelope.Envelope;
import org.cddsdecrypt.envelope.EnvelopeFormat;
import org.cddsdecrypt.io.BackgroundStream;
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
        InputStream der = envelope.format() == EnvelopeFormat.DER ? envelope.der()
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
