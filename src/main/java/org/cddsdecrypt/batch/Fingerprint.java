package org.cddsdecrypt.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.parts.Part;

/**
 * Identifies one download of an export without reading it: SHA-256 over each part's file name, size and
 * modification time (milliseconds), in segment order. A re-downloaded export gets new times, hence a new
 * fingerprint, and is extracted again; moving the files (which keeps their times) does not change it.
 */
final class Fingerprint {
    private Fingerprint() {}

    static String of(ExportSet set) {
        return of(java.util.List.of(set));
    }

    /** The same over several sets in turn (an export found in several places); one set gives {@link #of(ExportSet)}. */
    static String of(java.util.List<ExportSet> sets) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
        for (ExportSet set : sets) {
            for (Part p : set.parts()) {
                sha.update(
                        (p.fileName() + '\0' + p.size() + '\0' + p.modified() + '\n').getBytes(StandardCharsets.UTF_8));
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
}
