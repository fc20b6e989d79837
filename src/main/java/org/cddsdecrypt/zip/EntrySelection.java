package org.cddsdecrypt.zip;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which entries to extract, by glob patterns on their paths ({@code /}-separated, relative, as in the archive).
 *
 * <ul>
 *   <li>{@code *} matches any characters but {@code /}; {@code ?} one such character; {@code [abc]}, {@code [a-z]},
 *       {@code [!abc]} one character of (or not of) a set; {@code \} quotes the next character.</li>
 *   <li>{@code **} matches across folders: {@code **}{@code /x} finds {@code x} at any depth (the top included),
 *       {@code dir/**} everything below {@code dir}.</li>
 *   <li>A pattern matches the whole path. A pattern that matches a folder also matches everything in it:
 *       {@code ContactHistory/2026} selects that folder's whole subtree.</li>
 * </ul>
 *
 * A file is selected when it matches some include (or there are no includes) and no exclude. A folder is kept
 * when it is not excluded and either there are no includes, it matches an include itself, or it holds a selected
 * file.
 */
public final class EntrySelection {
    private final List<Glob> includes;
    private final List<Glob> excludes;
    private final Set<String> matchedIncludes = new LinkedHashSet<>();

    private record Glob(String text, Pattern regex) {}

    private EntrySelection(List<Glob> includes, List<Glob> excludes) {
        this.includes = includes;
        this.excludes = excludes;
    }

    /** Everything. */
    public static EntrySelection all() {
        return new EntrySelection(List.of(), List.of());
    }

    /**
     * @throws IllegalArgumentException for a malformed pattern (an unclosed {@code [}, an empty pattern)
     */
    public static EntrySelection of(List<String> includes, List<String> excludes) {
        return new EntrySelection(compile(includes), compile(excludes));
    }

    public boolean selectsEverything() {
        return includes.isEmpty() && excludes.isEmpty();
    }

    /**
     * True when the entry at {@code path} is selected by the patterns themselves: a file to extract, or a folder to
     * keep even if no selected file ends up in it.
     */
    public boolean selects(String path) {
        return (includes.isEmpty() || matchesInclude(path)) && !matchesAny(excludes, path);
    }

    /** The include patterns that no entry has matched so far: worth a warning once the whole archive was read. */
    public List<String> unmatchedIncludes() {
        List<String> unmatched = new ArrayList<>();
        for (Glob g : includes) {
            if (!matchedIncludes.contains(g.text())) {
                unmatched.add(g.text());
            }
        }
        return unmatched;
    }

    /** True when there are include patterns and none of them has matched an entry so far. */
    public boolean matchedNoInclude() {
        return !includes.isEmpty() && matchedIncludes.isEmpty();
    }

    private boolean matchesInclude(String path) {
        boolean any = false;
        for (Glob g : includes) {
            if (matches(g, path)) {
                matchedIncludes.add(g.text());
                any = true;
            }
        }
        return any;
    }

    private static boolean matchesAny(List<Glob> globs, String path) {
        for (Glob g : globs) {
            if (matches(g, path)) {
                return true;
            }
        }
        return false;
    }

    /** The path itself or one of the folders above it matches. */
    private static boolean matches(Glob glob, String path) {
        for (int end = path.length(); end > 0; end = path.lastIndexOf('/', end - 1)) {
            if (glob.regex().matcher(path.substring(0, end)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Glob> compile(List<String> patterns) {
        List<Glob> globs = new ArrayList<>();
        for (String p : patterns) {
            globs.add(new Glob(p, Pattern.compile(toRegex(p))));
        }
        return List.copyOf(globs);
    }

    /** Translates one glob to an anchored regular expression. */
    static String toRegex(String glob) {
        String g = glob;
        while (g.startsWith("./")) {
            g = g.substring(2);
        }
        while (g.startsWith("/")) {
            g = g.substring(1);
        }
        while (g.endsWith("/") && !g.endsWith("\\/")) {
            g = g.substring(0, g.length() - 1);
        }
        if (g.isEmpty()) {
            throw new IllegalArgumentException("empty pattern '" + glob + "'");
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < g.length()) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                boolean atSegmentStart = i == 0 || g.charAt(i - 1) == '/';
                int after = i + 2;
                if (atSegmentStart && after < g.length() && g.charAt(after) == '/') {
                    re.append("(?:.*/)?"); // "**/": zero or more folders
                    i = after + 1;
                } else if (atSegmentStart && after == g.length() && i > 0) {
                    re.setLength(re.length() - 1); // "dir/**": the folder's contents (the folder matches anyway)
                    re.append("(?:/.*)?");
                    i = after;
                } else {
                    re.append(".*");
                    i = after;
                }
            } else if (c == '*') {
                re.append("[^/]*");
                i++;
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else if (c == '[') {
                int close = g.indexOf(']', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '[' in pattern '" + glob + "'");
                }
                String set = g.substring(i + 1, close);
                boolean negated = set.startsWith("!") || set.startsWith("^");
                if (negated) {
                    set = set.substring(1);
                }
                re.append(negated ? "[^/" : "[");
                for (char s : set.toCharArray()) {
                    re.append(s == '-' ? "-" : literal(s));
                }
                re.append(']');
                i = close + 1;
            } else if (c == '\\' && i + 1 < g.length()) {
                re.append(literal(g.charAt(i + 1)));
                i += 2;
            } else {
                re.append(literal(c));
                i++;
            }
        }
        return re.toString();
    }

    /** One character matched as itself: ASCII punctuation escaped (a backslash before it is always literal). */
    private static String literal(char c) {
        return c < 0x80 && !Character.isLetterOrDigit(c) && c != '/' ? "\\" + c : String.valueOf(c);
    }
}
