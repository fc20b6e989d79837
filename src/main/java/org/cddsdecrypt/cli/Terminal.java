package org.cddsdecrypt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Whether standard error is a terminal, which Java cannot ask directly: {@code System.console()} only says that
 * stdin and stdout both are (so {@code tool 2>log} and {@code tool | jq} would both be judged wrongly).
 * In order:
 * <ol>
 *   <li>the system property {@value #PROPERTY}, which the launchers set from the shell's {@code [ -t 2 ]};</li>
 *   <li>on Linux, where {@code /proc/self/fd/2} points: a {@code /dev/pts/N} or {@code /dev/ttyN} device is a
 *       terminal, a pipe or a file is not;</li>
 *   <li>elsewhere, {@code System.console() != null} with a {@code TERM} other than {@code dumb} (on Windows, the
 *       console alone).</li>
 * </ol>
 * No native code (JNA, JNI) is involved.
 */
final class Terminal {
    static final String PROPERTY = "cdds-decrypt.stderr.tty";

    private Terminal() {}

    static boolean stderrIsTerminal(Map<String, String> environment) {
        String declared = System.getProperty(PROPERTY);
        if (declared != null && !declared.isBlank()) {
            return declared.equals("1") || declared.equalsIgnoreCase("true");
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException notLinux) {
            // fall through to the portable guess
        }
        if (System.console() == null) {
            return false;
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return true;
        }
        String term = environment.get("TERM");
        return term != null && !term.isEmpty() && !term.equals("dumb");
    }
}
