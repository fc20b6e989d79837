package org.cddsdecrypt.export;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.cddsdecrypt.envelope.CmsMessage;
import org.cddsdecrypt.envelope.ContentSniffer;
import org.cddsdecrypt.envelope.Envelope;
import org.cddsdecrypt.envelope.Recipient;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.keys.KeyEntry;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.parts.Part;

/**
 * What {@code info} shows of an export, without decrypting it: its parts, their envelopes and recipients, and what
 * is missing, judged as {@code extract} judges it: by names, then by the segment count in the final part's zip
 * directory when that part can be read (decrypted segments, or with a key).
 *
 * @param directory the folder the parts were found in
 * @param missing file names of the missing parts
 * @param missingDescribed the missing parts in ranges, for a message
 * @param segments the segment count read from the final part, or 0 when not read
 * @param unchecked why the segment count was not read, or null
 * @param ignored files named like parts but numbered beyond any zip's segments
 */
public record ExportInfo(
        String export,
        Path directory,
        List<String> missing,
        String missingDescribed,
        int segments,
        String unchecked,
        List<String> ignored,
        List<PartInfo> parts) {
    /** The highest segment number a part can have. */
    public static final int MAX_SEGMENT_NUMBER = ExportSet.MAX_SEGMENT_NUMBER;

    public boolean complete() {
        return missing.isEmpty() && (segments == 0 || segments == parts.size());
    }

    /**
     * One part file. Only what could be read is set: the rest is null.
     *
     * @param format "S/MIME", "PEM", "DER"… or "decrypted zip segment"
     * @param encryption the content algorithm
     * @param keyChecked whether keys were given to match against the recipients
     * @param key the source of the key that decrypts the part, or null
     * @param error why the part is unreadable
     */
    public record PartInfo(
            String file,
            long size,
            String format,
            String encryption,
            List<RecipientInfo> recipients,
            boolean keyChecked,
            String key,
            String error) {}

    /** A recipient of a part: issuer and serial (hex), or subject key id (hex). */
    public record RecipientInfo(String type, String issuer, String serial, String subjectKeyId) {}

    /** Describes {@code export}; with {@code keys} (null: none given) it also names the key for each part. */
    public static ExportInfo of(Export export, KeyRing keys) {
        ExportSet set = export.set();
        List<PartInfo> parts = new ArrayList<>();
        for (Part p : set.parts()) {
            parts.add(describe(p, keys));
        }
        int segments = 0;
        String unchecked = null;
        if (set.finalPart().isPresent()) {
            try {
                segments = segmentCount(set, keys);
            } catch (CddsException e) {
                unchecked = e.getMessage();
            } catch (IOException e) {
                unchecked = "cannot read " + set.finalPart().get().fileName() + ": " + e.getMessage();
            }
        }
        return new ExportInfo(
                set.name(),
                set.directory(),
                set.missing(segments),
                set.describeMissing(segments),
                segments,
                unchecked,
                set.ignored(),
                parts);
    }

    private static int segmentCount(ExportSet set, KeyRing keys) throws IOException {
        return new ExportReader(
                        new DecryptingPartOpener(() -> {
                            if (keys == null) {
                                throw new KeyException(
                                        "the final part is encrypted: pass -k KEY to read the segment count in it");
                            }
                            return keys;
                        }),
                        ExportLimits.defaults().zip())
                .segmentCount(set);
    }

    private static PartInfo describe(Part part, KeyRing keys) {
        try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(part.path()), 64 * 1024)) {
            if (ContentSniffer.startsLikeZip(in)) {
                return new PartInfo(
                        part.fileName(), part.size(), "decrypted zip segment", null, null, false, null, null);
            }
            Envelope envelope = Envelope.open(in);
            CmsMessage message = CmsMessage.parse(envelope.der());
            List<RecipientInfo> recipients = new ArrayList<>();
            for (Recipient r : message.recipients()) {
                recipients.add(new RecipientInfo(
                        r.kind().label(),
                        r.issuer() == null ? null : r.issuerText(),
                        r.serialHex(),
                        r.subjectKeyId() == null ? null : HexFormat.of().formatHex(r.subjectKeyId())));
            }
            String key = keys == null
                    ? null
                    : keys.keyFor(message, part.fileName())
                            .map(KeyEntry::source)
                            .orElse(null);
            return new PartInfo(
                    part.fileName(),
                    part.size(),
                    envelope.format().label(),
                    message.contentAlgorithmName(),
                    recipients,
                    keys != null,
                    key,
                    null);
        } catch (CddsException e) {
            return unreadable(part, e.getMessage());
        } catch (IOException e) {
            return unreadable(part, "cannot read: " + e.getMessage());
        }
    }

    private static PartInfo unreadable(Part part, String error) {
        return new PartInfo(part.fileName(), part.size(), null, null, null, false, null, error);
    }
}
