package org.cddsdecrypt.export;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.function.LongConsumer;
import org.cddsdecrypt.envelope.ContentSniffer;
import org.cddsdecrypt.envelope.MimeEntity;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.IncompleteExportException;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.io.BulkInputStream;
import org.cddsdecrypt.io.CountingInputStream;
import org.cddsdecrypt.io.Skipping;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.parts.Part;
import org.cddsdecrypt.parts.PartOpener;

/**
 * Opens parts: a segment named without an encryption wrapper ({@code .z03}, {@code .zip}) is read as is; a wrapped
 * one is decrypted, unless its content shows it was decrypted already (starts like a zip). Decrypted content that
 * is a MIME entity around the segment gives its body. Keys are loaded on first need, so decrypted sets need none.
 */
public final class DecryptingPartOpener implements PartOpener {
    private static final int READ_BUFFER = 1024 * 1024;

    /** Supplies the keys when the first encrypted part needs them. */
    @FunctionalInterface
    public interface Keys {
        KeyRing get() throws CddsException;
    }

    private final Keys keys;
    private final LongConsumer bytesRead;
    private MessageDecryptor decryptor;
    private CddsException keyFailure;
    private String keyFailureMessage;

    public DecryptingPartOpener(Keys keys) {
        this(keys, n -> {});
    }

    /** {@code bytesRead} hears of every byte read from the part files (encrypted or not): for progress displays. */
    public DecryptingPartOpener(Keys keys, LongConsumer bytesRead) {
        this.keys = keys;
        this.bytesRead = bytesRead;
    }

    @Override
    public InputStream open(Part part) throws IOException {
        BufferedInputStream in;
        try {
            in = new BufferedInputStream(
                    new CountingInputStream(new SizeChecked(Files.newInputStream(part.path()), part), bytesRead),
                    READ_BUFFER);
        } catch (NoSuchFileException e) {
            throw new IncompleteExportException("the part disappeared while the export was read");
        }
        if (!part.name().isEncrypted()) {
            return in;
        }
        try {
            if (ContentSniffer.startsLikeZip(in)) {
                return in;
            }
            return bodyOf(decryptor().open(in, part.fileName()));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The zip inside decrypted content that is a MIME entity (see {@link MimeEntity}), else the content. */
    private static InputStream bodyOf(InputStream plain) throws IOException {
        try {
            return MimeEntity.bodyOf(plain);
        } catch (IOException | RuntimeException e) {
            try {
                plain.close(); // stops the Base64 worker under it
            } catch (IOException | RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /**
     * Fails at the end of a part whose length differs from what it was when the export was found: a part still
     * being downloaded, or changed or truncated during the run. Without this a shortened decrypted segment
     * would only show up as a CRC error in some entry, without naming the part.
     */
    private static final class SizeChecked extends FilterInputStream {
        private final Part part;
        private long read;

        SizeChecked(InputStream in, Part part) {
            super(in);
            this.part = part;
        }

        @Override
        public int read() throws IOException {
            return BulkInputStream.readOneByte(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            if (n < 0 && read != part.size() || read > part.size()) {
                throw new CorruptInputException("the part changed while it was read (" + part.size()
                        + " bytes when the export was found, " + read + (n < 0 ? "" : " or more") + " now): is it "
                        + "still being downloaded?");
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return Skipping.byReading(this, n);
        }
    }

    /** Loads the keys once; a failure is remembered too, so a batch run neither retries nor re-prompts per export. */
    private synchronized MessageDecryptor decryptor() throws CddsException {
        if (keyFailure != null) {
            throw again(keyFailure, keyFailureMessage);
        }
        if (decryptor == null) {
            try {
                decryptor = new MessageDecryptor(keys.get());
            } catch (CddsException e) {
                keyFailure = e;
                keyFailureMessage = e.getMessage();
                throw e;
            }
        }
        return decryptor;
    }

    /** A fresh exception for each part, so that the part named in its message is the one being read. */
    private static CddsException again(CddsException first, String message) {
        if (first instanceof KeyException) {
            return new KeyException(message, first);
        }
        if (first instanceof UsageException) {
            return new UsageException(message, first);
        }
        return first;
    }
}
