package org.cddsdecrypt.envelope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cddsdecrypt.error.CorruptInputException;

/**
 * The header block of a MIME entity: LF or CRLF line ends, folded lines, any order. Failure messages say what is
 * wrong with the block; callers say which block it was.
 */
final class MimeHeaders {
    private final Map<String, String> values;

    private MimeHeaders(Map<String, String> values) {
        this.values = values;
    }

    /** The unfolded value of a header (name case-insensitive), or null. */
    String value(String name) {
        return values.get(name.toLowerCase(Locale.ROOT));
    }

    /** Reads headers up to and including the blank line; the stream is left at the first body byte. */
    static MimeHeaders read(InputStream in, int maxBytes) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        String current = null;
        int total = 0;
        while (true) {
            String line = readLine(in, maxBytes - total);
            if (line == null) {
                throw new CorruptInputException("the headers end without a blank line and a body");
            }
            total += line.length() + 1;
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (current == null) {
                    throw new CorruptInputException("the headers start with a continuation line");
                }
                values.merge(current, " " + line.trim(), String::concat);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isFieldName(line.substring(0, colon).trim())) {
                throw new CorruptInputException("a line in the headers is not a header (name and colon)");
            }
            current = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            values.put(current, line.substring(colon + 1).trim());
        }
        return new MimeHeaders(values);
    }

    /** RFC 5322 field names: printable ASCII without the colon. */
    private static boolean isFieldName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c > ' ' && c < 0x7f);
    }

    /** One line without its LF or CRLF; null at end of input. */
    private static String readLine(InputStream in, int budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.size() >= budget) {
                throw new CorruptInputException("header block is too long");
            }
            line.write(c);
        }
        if (c < 0 && line.size() == 0) {
            return null;
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
