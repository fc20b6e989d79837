package org.cddsdecrypt.envelope;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.cddsdecrypt.io.Untrusted;

/** Says what a file looks like when it is not a CMS message, so errors can tell the user what they have. */
public final class ContentSniffer {
    private ContentSniffer() {}

    /** True when the bytes start like a zip (local header or split marker): a segment already decrypted. */
    public static boolean looksLikeZip(byte[] head) {
        return head.length >= 4
                && head[0] == 'P'
                && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4)
                        || (head[2] == 7 && head[3] == 8)
                        || (head[2] == 5 && head[3] == 6)
                        || (head[2] == '0' && head[3] == '0'));
    }

    /** True when {@code in} starts like a zip (see {@link #looksLikeZip}); what it read is given back (reset). */
    public static boolean startsLikeZip(BufferedInputStream in) throws IOException {
        in.mark(8);
        byte[] head = in.readNBytes(4);
        in.reset();
        return looksLikeZip(head);
    }

    /** Null when the head may be a CMS message in one of the supported wrappings, else a short description. */
    static String describeIfNotCms(byte[] head) {
        if (head.length == 0) {
            return "the file is empty";
        }
        if (looksLikeZip(head)) {
            return "it is a zip file (already decrypted?)";
        }
        int first = head[0] & 0xff;
        if (first == 0x30) {
            return head.length < 2 ? "it is truncated after one byte" : null;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("-----BEGIN ") || startsWithHeaderLine(head) || text.startsWith("MI")) {
            return null;
        }
        if (isMostlyText(head)) {
            String firstLine = text.lines().findFirst().orElse("").strip();
            if (firstLine.length() > 40) {
                firstLine = firstLine.substring(0, 40) + "…";
            }
            return "it is plain text starting \"" + Untrusted.text(firstLine, 60) + "\"";
        }
        return String.format("it is binary data starting with %02x %02x", first, head.length > 1 ? head[1] & 0xff : 0);
    }

    /** A MIME header line such as {@code MIME-Version: 1.0} (checked before bare Base64, which also starts "MI"). */
    static boolean startsWithHeaderLine(byte[] head) {
        int i = 0;
        while (i < head.length && (Character.isLetterOrDigit(head[i]) || head[i] == '-')) {
            i++;
        }
        return i > 0 && i < head.length && head[i] == ':';
    }

    private static boolean isMostlyText(byte[] head) {
        int printable = 0;
        for (byte b : head) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t' || c >= 0xc0) {
                printable++;
            }
        }
        return printable * 10 >= head.length * 9;
    }
}
