package org.cddsdecrypt.zip;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.io.BackgroundStream;
import org.cddsdecrypt.io.BulkInputStream;
import org.cddsdecrypt.parts.Part;
import org.cddsdecrypt.parts.PartOpener;

/**
 * The plaintext of all parts of an export, one after the other, as one stream: the rejoined zip. Each part is
 * decrypted on a worker thread ({@link BackgroundStream}) one part ahead of the reader, so decryption of the next
 * part overlaps inflating the current one; at most two parts are open, each with a fixed set of buffers. Failures
 * name the part they happened in.
 */
public final class RejoinedStream extends BulkInputStream {
    private static final int BUFFER = 256 * 1024;
    private static final int BUFFERS = 8;

    private final List<Part> parts;
    private final PartOpener opener;
    private int index = -1;
    private InputStream current;
    private InputStream prefetched;

    public RejoinedStream(List<Part> parts, PartOpener opener) {
        this.parts = parts;
        this.opener = opener;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (current == null && !advance()) {
                return -1;
            }
            int n = readCurrent(b, off, len);
            if (n > 0) {
                return n;
            }
            if (n < 0) {
                closeCurrent();
            }
        }
    }

    private boolean advance() throws IOException {
        if (index + 1 >= parts.size()) {
            return false;
        }
        index++;
        current = prefetched != null ? prefetched : startDecrypting(parts.get(index));
        prefetched = index + 1 < parts.size() ? startDecrypting(parts.get(index + 1)) : null;
        return true;
    }

    private InputStream startDecrypting(Part part) {
        return BackgroundStream.start(() -> opener.open(part), BUFFER, BUFFERS, "decrypt");
    }

    private int readCurrent(byte[] b, int off, int len) throws IOException {
        try {
            return current.read(b, off, len);
        } catch (IOException e) {
            throw readFailure(parts.get(index).fileName(), e);
        }
    }

    /**
     * A failure reading part {@code partName}, on whichever thread it happened (decryption runs on worker
     * threads): the tool's own failures keep their exit code, anything else from reading the file (an I/O error,
     * permission denied) is bad input (exit 5), named by part.
     */
    public static CddsException readFailure(String partName, IOException e) {
        if (e instanceof CddsException own) {
            return own.in(partName);
        }
        String why;
        if (e instanceof java.nio.file.AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            why = fse.getReason();
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new CorruptInputException("read failed: " + why, e).in(partName);
    }

    private void closeCurrent() throws IOException {
        InputStream done = current;
        current = null;
        done.close();
    }

    @Override
    public void close() throws IOException {
        if (prefetched != null) {
            prefetched.close();
            prefetched = null;
        }
        if (current != null) {
            closeCurrent();
        }
    }
}
