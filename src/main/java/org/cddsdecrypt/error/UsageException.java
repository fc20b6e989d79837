package org.cddsdecrypt.error;

/** Bad arguments or options (exit 2). */
public class UsageException extends CddsException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.USAGE;
    }
}
