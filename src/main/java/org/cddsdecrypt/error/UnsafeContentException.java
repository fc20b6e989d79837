package org.cddsdecrypt.error;

/** Archive content refused for safety: path escape, links, decompression bombs (exit 6). */
public class UnsafeContentException extends CddsException {
    public UnsafeContentException(String message) {
        super(message);
    }

    public UnsafeContentException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.UNSAFE;
    }
}
