package org.cddsdecrypt.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.io.Untrusted;

/**
 * Decrypted content that is itself a MIME entity: headers, a blank line, then the zip (segment), possibly in
 * Base64. A textbook S/MIME generator (Bouncy Castle's {@code SMIMEEnvelopedGenerator}, JavaMail) encrypts a MIME
 * body part, not the bare file; the service itself encrypts the bare zip. The extracting commands read the body;
 * {@code decrypt} keeps the content as it is, as openssl does.
 *
 * <p>Content counts as an entity only when its first line is a MIME header ({@code Content-…:} or
 * {@code MIME-Version:}). A zip segment starts with {@code PK}, or, past the first segment, anywhere inside the
 * archive's data: random bytes spell such a header name less than once in 2^50, so only an archive that stores MIME
 * text at the exact byte where a segment starts could be taken for an entity, and then its CRC or structure check
 * fails; nothing is ever extracted from misread bytes.
 */
public final class MimeEntity {
    /** Room for the longest header name looked for and its colon. */
    private static final int PEEK = 64;
    /** Headers of an entity around a zip are a few hundred bytes. */
    private static final int MAX_HEADER_BYTES = 32 * 1024;

    private MimeEntity() {}

    /**
     * The body of {@code content} when it is a MIME entity, decoded; otherwise {@code content} itself, unchanged.
     * Closing the returned stream closes {@code content}.
     *
     * @throws CorruptInputException when the content starts with a MIME header but is no entity this tool reads
     */
    public static InputStream bodyOf(InputStream content) throws IOException {
        PushbackInputStream in = new PushbackInputStream(content, PEEK);
        byte[] head = in.readNBytes(PEEK);
        in.unread(head);
        String first = firstHeaderName(head);
        if (first == null) {
            return in;
        }
        MimeHeaders headers;
        try {
            headers = MimeHeaders.read(in, MAX_HEADER_BYTES);
        } catch (CorruptInputException e) {
            throw notAnEntity(first, e.getMessage(), e);
        }
        String type = headers.value("content-type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.startsWith("multipart/") || mediaType.startsWith("message/")) {
            throw new CorruptInputException("the decrypted content is a " + Untrusted.text(mediaType, 80)
                    + " MIME entity; only a single body holding the zip can be read");
        }
        String encoding = headers.value("content-transfer-encoding");
        String cte = encoding == null ? "7bit" : encoding.trim().toLowerCase(Locale.ROOT);
        return switch (cte) {
            case "base64" -> new Base64BlockInputStream(in);
            case "binary", "8bit", "7bit" -> in;
            default ->
                throw new CorruptInputException("the decrypted content is a MIME entity with "
                        + "Content-Transfer-Encoding " + Untrusted.text(cte, 80) + ", which this tool does not read "
                        + "(base64 or binary)");
        };
    }

    private static CorruptInputException notAnEntity(String header, String reason, Throwable cause) {
        return new CorruptInputException(
                "the decrypted content starts with a MIME header (" + header + ") but is not a MIME entity: " + reason,
                cause);
    }

    /** The header name the content starts with, when it is one a MIME entity starts with; else null. */
    static String firstHeaderName(byte[] head) {
        int colon = 0;
        while (colon < head.length && (Character.isLetterOrDigit(head[colon]) || head[colon] == '-')) {
            colon++;
        }
        if (colon == 0 || colon == head.length || head[colon] != ':') {
            return null;
        }
        String name = new String(head, 0, colon, StandardCharsets.US_ASCII);
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("content-") || lower.equals("mime-version") ? name : null;
    }
}
