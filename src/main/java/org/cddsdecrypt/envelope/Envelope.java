package org.cddsdecrypt.envelope;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.io.Untrusted;

/**
 * Recognises how a CMS message is wrapped (S/MIME, PEM, bare Base64 or DER) from its first bytes, and unwraps it
 * into a stream of DER/BER bytes.
 */
public final class Envelope {
    static final int SNIFF_LIMIT = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 32 * 1024;

    private final EnvelopeFormat format;
    private final InputStream der;

    private Envelope(EnvelopeFormat format, InputStream der) {
        this.format = format;
        this.der = der;
    }

    public EnvelopeFormat format() {
        return format;
    }

    /** The DER/BER bytes of the CMS ContentInfo. */
    public InputStream der() {
        return der;
    }

    /**
     * Detects the wrapping of {@code raw} and returns the unwrapped stream.
     *
     * @throws CorruptInputException naming what the input looks like, when it is no CMS message
     */
    public static Envelope open(InputStream raw) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, SNIFF_LIMIT);
        in.mark(SNIFF_LIMIT);
        byte[] head = in.readNBytes(512);
        in.reset();
        String kind = ContentSniffer.describeIfNotCms(head);
        if (kind != null) {
            throw new CorruptInputException("not an S/MIME or CMS message: " + kind);
        }
        if ((head[0] & 0xff) == 0x30) {
            return new Envelope(EnvelopeFormat.DER, in);
        }
        if (startsWithText(head, "-----BEGIN ")) {
            skipPemHeader(in);
            return new Envelope(EnvelopeFormat.PEM, new Base64BlockInputStream(in));
        }
        if (ContentSniffer.startsWithHeaderLine(head)) {
            return openSmime(in);
        }
        return new Envelope(EnvelopeFormat.BASE64, new Base64BlockInputStream(in));
    }

    private static Envelope openSmime(InputStream in) throws IOException {
        MimeHeaders headers;
        try {
            headers = MimeHeaders.read(in, MAX_HEADER_BYTES);
        } catch (CorruptInputException e) {
            throw new CorruptInputException("not an S/MIME message: " + e.getMessage(), e);
        }
        String type = headers.value("content-type");
        if (type == null) {
            throw new CorruptInputException("not an S/MIME message: MIME headers without Content-Type");
        }
        String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/pkcs7-mime") && !mediaType.equals("application/x-pkcs7-mime")) {
            throw new CorruptInputException(
                    "not an encrypted S/MIME message: Content-Type is " + Untrusted.text(mediaType, 80));
        }
        String encoding = headers.value("content-transfer-encoding");
        String cte = encoding == null ? "7bit" : encoding.trim().toLowerCase(Locale.ROOT);
        return switch (cte) {
            case "base64" -> new Envelope(EnvelopeFormat.SMIME, new Base64BlockInputStream(in));
            case "binary", "8bit", "7bit" -> new Envelope(EnvelopeFormat.SMIME, in);
            default ->
                throw new CorruptInputException("unsupported Content-Transfer-Encoding: " + Untrusted.text(cte, 80));
        };
    }

    private static void skipPemHeader(InputStream in) throws IOException {
        String line = readAsciiLine(in);
        String label = line.trim();
        if (!label.equals("-----BEGIN PKCS7-----") && !label.equals("-----BEGIN CMS-----")) {
            throw new CorruptInputException("PEM file holds "
                    + Untrusted.text(label.replace("-----", "").trim(), 80) + ", not a PKCS7 or CMS message");
        }
    }

    private static String readAsciiLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (sb.length() > 200) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static boolean startsWithText(byte[] head, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (head.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (head[i] != p[i]) {
                return false;
            }
        }
        return true;
    }
}
