package org.cddsdecrypt.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.cddsdecrypt.envelope.CmsMessage;
import org.cddsdecrypt.envelope.Envelope;
import org.cddsdecrypt.envelope.MimeEntity;
import org.cddsdecrypt.envelope.Recipient;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.export.MessageDecryptor;

/**
 * Fuzzes envelope detection (S/MIME, PEM, bare Base64, DER), MIME header and Base64 parsing, the CMS header
 * (recipients, algorithms) and content decryption with a fixed key; and the same bytes read as decrypted content
 * that may be a MIME entity ({@link MimeEntity}). Seeds: {@code testdata/fuzz/envelope/}.
 *
 * <p>Property: every input either decrypts or fails with a {@link CddsException} carrying exit code 4 or 5;
 * no other exception escapes, and the plaintext is never longer than the input (nothing is invented).
 */
class EnvelopeFuzzTest {
    /** A message is bad (5) or for someone else (4); the other codes cannot come from one message. */
    static final Set<ExitCode> OUTCOMES = Set.of(ExitCode.BAD_INPUT, ExitCode.KEY);

    @FuzzTest(maxDuration = "5m")
    void fuzzEnvelope(byte[] data) throws IOException {
        describe(data);
        readAsDecryptedContent(data);
        long plaintext = 0;
        try (InputStream plain =
                new MessageDecryptor(FuzzSupport.keyRing()).open(new ByteArrayInputStream(data), "fuzz-input")) {
            byte[] buf = new byte[8192];
            for (int n = plain.read(buf); n >= 0; n = plain.read(buf)) {
                plaintext += n;
            }
        } catch (CddsException e) {
            FuzzSupport.assertOutcome(e, OUTCOMES);
        }
        long seen = plaintext;
        assertTrue(seen <= data.length, () -> seen + " bytes of plaintext from " + data.length + " bytes");
    }

    /**
     * The same bytes as decrypted content, which may be a MIME entity around the zip: its body is never longer than
     * the content, and a bad entity is bad input.
     */
    private static void readAsDecryptedContent(byte[] data) throws IOException {
        long body = 0;
        try (InputStream in = MimeEntity.bodyOf(new ByteArrayInputStream(data))) {
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                body += n;
            }
        } catch (CddsException e) {
            FuzzSupport.assertOutcome(e, Set.of(ExitCode.BAD_INPUT));
        }
        long seen = body;
        assertTrue(seen <= data.length, () -> seen + " bytes of body from " + data.length + " bytes of content");
    }

    /** What {@code info} shows: the wrapping, the recipients and the algorithm, without any key. */
    private static void describe(byte[] data) throws IOException {
        try {
            Envelope envelope = Envelope.open(new ByteArrayInputStream(data));
            envelope.format().label();
            CmsMessage message = CmsMessage.parse(envelope.der());
            message.contentAlgorithmName();
            for (Recipient r : message.recipients()) {
                r.describe();
                r.serialHex();
            }
            FuzzSupport.keyRing().identify(message.recipients());
        } catch (CddsException e) {
            FuzzSupport.assertOutcome(e, OUTCOMES);
        }
    }
}
