package org.cddsdecrypt.error;

/** Input that is not an export or is damaged: wrong format, truncated, failed padding, tag or CRC (exit 5). */
public class CorruptInputException extends CddsException {
    public CorruptInputException(String message) {
        super(message);
    }

    public CorruptInputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.BAD_INPUT;
    }
}
