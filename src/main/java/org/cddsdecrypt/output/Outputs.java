package org.cddsdecrypt.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.cddsdecrypt.error.OutputException;

/** Turns file-system exceptions into one-line output errors. */
public final class Outputs {
    private Outputs() {
    }

    public static OutputException failure(String what, IOException e) {
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
