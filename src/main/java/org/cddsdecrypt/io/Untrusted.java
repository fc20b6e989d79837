package org.cddsdecrypt.io;

/**
 * The one sanitiser for text that comes from an input (certificate names, MIME headers, zip entry names and
 * comments, file names found in a folder) on its way to a terminal: characters that act on the terminal or reorder
 * what it shows are written as escapes, everything else is kept. C0 and C1 controls and DEL become {@code \xNN}
 * (ESC and CSI sequences retitle, clear or recolour a terminal); the bidirectional embeddings, overrides, isolates
 * and marks, and the line and paragraph separators, become {@code \\uNNNN} (they make a name display as another).
 *
 * <p>The output holds only characters this class leaves alone, so sanitising twice changes nothing, and a whole
 * message can be sanitised after parts of it were. JSON output keeps the real value, with the same characters
 * written as JSON {@code \\u} escapes (see {@link #needsEscape}).
 */
public final class Untrusted {
    private Untrusted() {}

    /** True for a character that must not reach a terminal as it is. */
    public static boolean needsEscape(char c) {
        return c < 0x20
                || c == 0x7f
                || (c >= 0x80 && c < 0xa0)
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e
                || c == 0x200f
                || c == 0x061c
                || c == 0x2028
                || c == 0x2029;
    }

    /** True when {@code s} has nothing to escape. */
    public static boolean isClean(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (needsEscape(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} with every character of {@link #needsEscape} escaped; "null" for null. */
    public static String text(String s) {
        return text(s, Integer.MAX_VALUE);
    }

    /** {@link #text(String)}, cut to about {@code max} characters (marked with "…") when longer. */
    public static String text(String s, int max) {
        if (s == null) {
            return "null";
        }
        if (s.length() <= max && isClean(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            if (c < 0x100 && needsEscape(c)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (needsEscape(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.length() >= max && sb.length() < s.length() ? sb + "…" : sb.toString();
    }

    /** {@code s} in double quotes, sanitised: a name from the input inside a message. */
    public static String quoted(String s) {
        return "\"" + text(s) + "\"";
    }

    /**
     * A multi-line text (a stack trace) with each line sanitised, its leading tabs and the line ends ({@code \n},
     * {@code \r\n} or {@code \r}, written as {@code \n}) kept; empty lines at the end are dropped.
     */
    public static String lines(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\r\n|\r|\n")) {
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == '\t') {
                indent++;
            }
            sb.append(line, 0, indent).append(text(line.substring(indent))).append('\n');
        }
        return s.isEmpty() ? "" : sb.toString();
    }
}
