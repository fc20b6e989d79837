package org.cddsdecrypt.zip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.cddsdecrypt.error.UnsafeContentException;
import org.cddsdecrypt.io.Untrusted;

/** Validates entry names: what is accepted stays inside the destination on every platform. */
public final class EntryNames {
    /**
     * Windows' device names, which name the device in every folder, with any extension ({@code nul.txt}). The
     * superscript digits and the zeros are in Microsoft's list of reserved names too.
     */
    private static final Pattern WINDOWS_DEVICE =
            Pattern.compile("(?:CON|PRN|AUX|NUL|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3])");
    private static final String WINDOWS_FORBIDDEN = ":*?\"<>|";

    private EntryNames() {
    }

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
            throw new UnsafeContentException("archive entry with an absolute path refused: " + printable(name));
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            throw new UnsafeContentException("archive entry with a drive letter refused: " + printable(name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new UnsafeContentException("archive entry name with a control character or backslash "
                        + "refused: " + printable(name));
            }
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeContentException("archive entry that escapes the destination refused: "
                        + printable(name));
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            throw new UnsafeContentException("archive entry without a usable name: " + printable(name));
        }
        return String.join("/", parts);
    }

    /**
     * Why {@code relative} (a {@link #safeRelative} path) cannot be written on Windows, or null when it can: a
     * component that is a device name, with or without an extension; one that ends in a dot or a space (Windows
     * drops them, so two entries would become one file); or a character Windows refuses in names.
     */
    public static String windowsProblem(String relative) {
        for (String component : relative.split("/")) {
            String base = component.contains(".") ? component.substring(0, component.indexOf('.')) : component;
            if (WINDOWS_DEVICE.matcher(base.stripTrailing().toUpperCase(Locale.ROOT)).matches()) {
                return "\"" + Untrusted.text(component) + "\" is a device name on Windows";
            }
            if (component.endsWith(".") || component.endsWith(" ")) {
                return "\"" + Untrusted.text(component) + "\" ends in a dot or a space, which Windows drops";
            }
            for (int i = 0; i < component.length(); i++) {
                if (WINDOWS_FORBIDDEN.indexOf(component.charAt(i)) >= 0) {
                    return "Windows allows no " + component.charAt(i) + " in a name";
                }
            }
        }
        return null;
    }

    /** The entry's name quoted, with control characters and the like made visible. */
    public static String printable(String name) {
        return "\"" + Untrusted.text(name) + "\"";
    }
}
