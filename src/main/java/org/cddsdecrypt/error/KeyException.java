package org.cddsdecrypt.error;

/** No usable key: none matches, wrong passphrase, unreadable key file (exit 4). */
public class KeyException extends CddsException {
    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.KEY;
    }
}
