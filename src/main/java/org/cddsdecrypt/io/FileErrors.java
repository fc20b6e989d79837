package org.cddsdecrypt.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be read, in words for a message: the JDK's exceptions carry the path as their message
 * ({@code NoSuchFileException: nosuch.pem}) and their class name as the reason.
 */
public final class FileErrors {
    private FileErrors() {}

    /**
     * Why {@code e}'s input cannot be a path, and what to do. Java encodes file names in the locale's character set,
     * ASCII where there is none (cron, systemd, {@code env -i}, when the tool runs without its launchers, which
     * choose a UTF-8 one): then every non-ASCII name fails, and the fix is a UTF-8 locale.
     */
    public static String notAFileName(InvalidPathException e) {
        String encoding = System.getProperty("sun.jnu.encoding", "");
        if (!encoding.equalsIgnoreCase("UTF-8") && String.valueOf(e.getReason()).contains("unmappable")) {
            return "the name \"" + Untrusted.text(e.getInput())
                    + "\" cannot be a file name in this locale's character set (" + encoding
                    + "): run cdds-decrypt with a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (its launchers choose one when "
                    + "there is none)";
        }
        return "\"" + Untrusted.text(e.getInput()) + "\" is not a file name here: " + e.getReason();
    }

    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileSystemException fse) {
            return fse.getReason() != null ? fse.getReason().toLowerCase(java.util.Locale.ROOT) : "cannot be read";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "cannot be read" : e.getMessage();
    }
}
