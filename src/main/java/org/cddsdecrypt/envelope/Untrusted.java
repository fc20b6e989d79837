package org.cddsdecrypt.envelope;

/**
 * Text taken from an input file for an error message: control characters (which could move the cursor, recolour or
 * retitle the user's terminal) are shown as {@code \xNN}, and the text is cut to a readable length.
 */
final class Untrusted {
    private Untrusted() {
    }

    static String text(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.length() >= max && sb.length() < s.length() ? sb + "…" : sb.toString();
    }
}
