package org.cddsdecrypt.error;

import java.io.IOException;

/**
 * Base of the tool's failures; each subclass carries its documented exit code.
 *
 * <p>It extends {@link IOException} on purpose: failures found while a stream is being read (a bad padding, a CRC
 * mismatch, an unsafe entry) travel through {@code InputStream.read} unchanged and keep their exit code.
 */
public abstract class CddsException extends IOException {
    protected CddsException(String message) {
        super(message);
    }

    protected CddsException(String message, Throwable cause) {
        super(message, cause);
    }

    private String context;

    public abstract ExitCode exitCode();

    /** Prefixes the message with where the failure happened (a part's file name), once. */
    public CddsException in(String where) {
        if (context == null) {
            context = where;
        }
        return this;
    }

    @Override
    public String getMessage() {
        return context == null ? super.getMessage() : context + ": " + super.getMessage();
    }
}
