package org.cddsdecrypt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Facts about processes that tests of staging and modes need. */
public final class ProcessFacts {
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
    };

    private ProcessFacts() {}

    /** A pid that no process has now: a staging folder named with it was left by a dead run. */
    public static long deadPid() {
        for (long pid = 999_999; ; pid++) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
    }

    /** Whether the tests run as root, who can give files to another user ({@code chown nobody}). */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** This JVM's umask, as a child shell inherits and reports it. */
    public static int umask() {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", "umask").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            p.waitFor();
            return Integer.parseInt(out, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Files under {@code dir} that this process still has open (Linux: /proc/self/fd; none elsewhere). */
    public static List<String> openFilesUnder(Path dir) throws IOException {
        List<String> open = new ArrayList<>();
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return open;
        }
        try (Stream<Path> list = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(dir.toString())) {
                        open.add(target);
                    }
                } catch (IOException gone) {
                    // closed while listed
                }
            }
        }
        return open;
    }

    /** {@code rwxr-x---} for 0750. */
    public static String mode(int octal) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((octal & (1 << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        return PosixFilePermissions.toString(set);
    }
}
