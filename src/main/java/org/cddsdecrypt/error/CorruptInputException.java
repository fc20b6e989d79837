package org.cddsdecrypt.error;

/** Input that is not an export or is damaged: wrong format, truncated, failed padding, tag or CRC (exit 5). */
public class CorruptInputException extends CddsException {
    public CorruptInputException(String message) {
        this(message, null);
    }

    public CorruptInputException(String message, Throwable cause) {
        super(ExitCode.BAD_INPUT, message, cause);
    }

    /**
     * What a library's failure to read the input means, "WHAT: why"; bad input already found below, by a stream of
     * ours the library read from, is kept as it is.
     */
    public static CorruptInputException of(String what, Exception e) {
        if (e instanceof CorruptInputException own) {
            return own;
        }
        String why = e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName()
                : e.getMessage();
        return new CorruptInputException(what + ": " + why, e);
    }
}
