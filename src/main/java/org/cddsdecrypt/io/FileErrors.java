package org.cddsdecrypt.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be read, in words for a message: the JDK's exceptions carry the path as their message
 * ({@code NoSuchFileException: nosuch.pem}) and their class name as the reason.
 */
public final class FileErrors {
    private FileErrors() {}

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
