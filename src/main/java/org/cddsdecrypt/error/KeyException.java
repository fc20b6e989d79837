package org.cddsdecrypt.error;

/** No usable key: none matches, wrong passphrase, unreadable key file (exit 4). */
public class KeyException extends CddsException {
    public KeyException(String message) {
        this(message, null);
    }

    public KeyException(String message, Throwable cause) {
        super(ExitCode.KEY, message, cause);
    }
}
