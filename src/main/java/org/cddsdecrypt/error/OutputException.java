package org.cddsdecrypt.error;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/** The destination cannot be written: it exists, the disk is full, permission denied (exit 7). */
public class OutputException extends CddsException {
    public OutputException(String message) {
        this(message, null);
    }

    public OutputException(String message, Throwable cause) {
        super(ExitCode.OUTPUT, message, cause);
    }

    /**
     * A file-system failure as a one-line output error, "WHAT: why": the JDK's exceptions carry a path as their
     * message and say why only in their class or reason. An output error already is one, and says what failed.
     */
    public static OutputException of(String what, IOException e) {
        if (e instanceof OutputException own) {
            return own;
        }
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (String.valueOf(e.getMessage()).contains("No space left")) {
            why = "no space left on device";
        } else if (String.valueOf(e.getMessage()).contains("Broken pipe")) {
            why = "the reader closed the pipe (broken pipe)";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            why = fse.getReason();
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new OutputException(what + ": " + why, e);
    }
}
