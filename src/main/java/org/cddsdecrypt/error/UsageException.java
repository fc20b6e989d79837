package org.cddsdecrypt.error;

/** Bad arguments or options (exit 2). */
public class UsageException extends CddsException {
    public UsageException(String message) {
        this(message, null);
    }

    public UsageException(String message, Throwable cause) {
        super(ExitCode.USAGE, message, cause);
    }
}
