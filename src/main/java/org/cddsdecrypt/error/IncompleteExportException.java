package org.cddsdecrypt.error;

import java.util.List;

/** A split export lacks one or more parts (exit 3). */
public class IncompleteExportException extends CddsException {
    private final List<String> missing;

    public IncompleteExportException(String message) {
        this(message, List.of());
    }

    /** {@code missing}: the file names of the missing parts, when known (a batch run reports them). */
    public IncompleteExportException(String message, List<String> missing) {
        super(message);
        this.missing = List.copyOf(missing);
    }

    public IncompleteExportException(String message, Throwable cause) {
        super(message, cause);
        this.missing = List.of();
    }

    /** The file names of the missing parts; empty when they are not known. */
    public List<String> missing() {
        return missing;
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.INCOMPLETE;
    }
}
