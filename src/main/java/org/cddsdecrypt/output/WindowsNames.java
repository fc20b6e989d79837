package org.cddsdecrypt.output;

import java.util.Locale;
import java.util.regex.Pattern;
import org.cddsdecrypt.io.Untrusted;

/** The names a Windows file system cannot hold, or holds as another name. */
final class WindowsNames {
    /**
     * Windows' device names, which name the device in every folder, with any extension ({@code nul.txt}). The
     * superscript digits and the zeros are in Microsoft's list of reserved names too.
     */
    private static final Pattern DEVICE =
            Pattern.compile("(?:CON|PRN|AUX|NUL|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3])");

    private static final String FORBIDDEN = ":*?\"<>|";

    private WindowsNames() {}

    /**
     * Why {@code relative} (an entry's safe relative path) cannot be written on Windows, or null when it can: a
     * component that is a device name, with or without an extension; one that ends in a dot or a space (Windows
     * drops them, so two entries would become one file); or a character Windows refuses in names.
     */
    static String problem(String relative) {
        for (String component : relative.split("/")) {
            String base = component.contains(".") ? component.substring(0, component.indexOf('.')) : component;
            if (DEVICE.matcher(base.stripTrailing().toUpperCase(Locale.ROOT)).matches()) {
                return Untrusted.quoted(component) + " is a device name on Windows";
            }
            if (component.endsWith(".") || component.endsWith(" ")) {
                return Untrusted.quoted(component) + " ends in a dot or a space, which Windows drops";
            }
            for (int i = 0; i < component.length(); i++) {
                if (FORBIDDEN.indexOf(component.charAt(i)) >= 0) {
                    return "Windows allows no " + component.charAt(i) + " in a name";
                }
            }
        }
        return null;
    }
}
