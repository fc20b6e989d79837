package org.cddsdecrypt.output;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the hidden work files and folders written beside a destination ({@code .<name>.cdds-<kind>-<pid>-<random>})
 * and their removal when the run that made them is gone (killed, or the machine rebooted): the shutdown hook in
 * {@link TempFiles} cannot run after SIGKILL, so the next run beside the same destination tidies up.
 */
final class Leftovers {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern LEFTOVER = Pattern.compile("\\.(.+)\\.cdds-(?:staging|old|tmp)-(\\d+)-[0-9a-f]+");

    private Leftovers() {}

    /** A fresh work name beside {@code destination}, e.g. {@code .export-1.cdds-staging-4242-9f3a…}. */
    static Path name(Path destination, String kind) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return destination.resolveSibling("." + destination.getFileName() + ".cdds-" + kind + "-"
                + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random));
    }

    /**
     * Deletes work files and folders for {@code destinationName} whose process is no longer alive and that this
     * user owns, never following a link ({@link SafeDelete}): in a shared folder, anyone can plant a name that
     * looks like a leftover.
     */
    static void remove(Path parent, String destinationName) {
        remove(parent, destinationName, Owners.runningUser(parent.getFileSystem()));
    }

    static void remove(Path parent, String destinationName, Predicate<UserPrincipal> mine) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, ".*.cdds-*")) {
            for (Path p : entries) {
                Matcher m = LEFTOVER.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).equals(destinationName) && !isAlive(Long.parseLong(m.group(2)))) {
                    try {
                        SafeDelete.tree(p, mine);
                    } catch (IOException e) {
                        // Someone else's, or in use: left alone.
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Leftovers are only tidied up; failing to list them must not stop this run.
        }
    }

    private static boolean isAlive(long pid) {
        return pid == ProcessHandle.current().pid()
                || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
