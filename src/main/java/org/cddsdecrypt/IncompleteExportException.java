package org.cddsdecrypt;

/** A split export lacks one or more parts (exit 3). */
public class IncompleteExportException extends CddsException {
    public IncompleteExportException(String message) {
        super(message);
    }

    public IncompleteExportException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.INCOMPLETE;
    }
}
