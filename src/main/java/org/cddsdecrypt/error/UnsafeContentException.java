package org.cddsdecrypt.error;

/** Archive content refused for safety: path escape, links, decompression bombs (exit 6). */
public class UnsafeContentException extends CddsException {
    public UnsafeContentException(String message) {
        this(message, null);
    }

    public UnsafeContentException(String message, Throwable cause) {
        super(ExitCode.UNSAFE, message, cause);
    }
}
