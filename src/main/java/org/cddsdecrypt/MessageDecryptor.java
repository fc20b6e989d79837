package org.cddsdecrypt;

import java.io.IOException;
import java.io.InputStream;
import javax.crypto.SecretKey;
import org.cddsdecrypt.envelope.CmsMessage;
import org.cddsdecrypt.envelope.Envelope;
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
        CmsMessage message = CmsMessage.parse(envelope.der());
        SecretKey contentKey = keys.contentKeyFor(message, name);
        return message.openContent(contentKey);
    }
}
