package org.cddsdecrypt.error;

/** The documented process exit codes, shared by every command. */
public enum ExitCode {
    OK(0, "success"),
    INTERNAL(1, "internal error (a bug: please report it)"),
    USAGE(2, "usage error"),
    INCOMPLETE(3, "export incomplete (a split part is missing)"),
    KEY(4, "key problem (no key matches a recipient, wrong passphrase, unreadable key)"),
    BAD_INPUT(5, "bad or corrupt input (not S/MIME/CMS, truncated, padding/tag failure, CRC mismatch, malformed zip)"),
    UNSAFE(6, "unsafe archive content refused"),
    OUTPUT(7, "output problem (destination exists, disk full, permission denied)"),
    BATCH_FAILURES(8, "batch run in which some exports failed or stalled");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
