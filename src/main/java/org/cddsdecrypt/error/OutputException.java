package org.cddsdecrypt.error;

/** The destination cannot be written: it exists, the disk is full, permission denied (exit 7). */
public class OutputException extends CddsException {
    public OutputException(String message) {
        super(message);
    }

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.OUTPUT;
    }
}
