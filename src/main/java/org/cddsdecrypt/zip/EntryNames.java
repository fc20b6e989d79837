package org.cddsdecrypt.zip;

import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.error.UnsafeContentException;
import org.cddsdecrypt.io.Untrusted;

/** Validates entry names: what is accepted stays inside the destination on every platform. */
public final class EntryNames {
    private EntryNames() {}

    /**
     * The entry's path relative to the destination, as clean '/'-separated components (no trailing slash).
     *
     * @throws UnsafeContentException for absolute paths, drive letters, {@code ..} components, backslashes used as
     *     separators, and control characters
     */
    public static String safeRelative(String name) throws UnsafeContentException {
        if (name.isEmpty()) {
            throw new UnsafeContentException("archive entry with an empty name");
        }
        if (name.startsWith("/") || name.startsWith("\\")) {
            throw new UnsafeContentException("archive entry with an absolute path refused: " + Untrusted.quoted(name));
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            throw new UnsafeContentException("archive entry with a drive letter refused: " + Untrusted.quoted(name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new UnsafeContentException("archive entry name with a control character or backslash "
                        + "refused: " + Untrusted.quoted(name));
            }
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeContentException(
                        "archive entry that escapes the destination refused: " + Untrusted.quoted(name));
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            throw new UnsafeContentException("archive entry without a usable name: " + Untrusted.quoted(name));
        }
        return String.join("/", parts);
    }
}
