package org.cddsdecrypt.zip;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.cddsdecrypt.CddsException;
import org.cddsdecrypt.CorruptInputException;
import org.cddsdecrypt.parts.Part;
import org.cddsdecrypt.parts.PartOpener;

/**
 * The plaintext of all parts of an export, one after the other, as one stream: the rejoined zip. Each part is
 * opened when the previous one ends, so only one is open at a time; failures name the part they happened in.
 */
public final class RejoinedStream extends InputStream {
    private final List<Part> parts;
    private final PartOpener opener;
    private int index = -1;
    private InputStream current;

    public RejoinedStream(List<Part> parts, PartOpener opener) {
        this.parts = parts;
        this.opener = opener;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
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
        Part part = parts.get(index);
        try {
            current = opener.open(part);
            return true;
        } catch (CddsException e) {
            throw e.in(part.fileName());
        } catch (IOException e) {
            throw new CorruptInputException("cannot read: " + e.getMessage(), e).in(part.fileName());
        }
    }

    private int readCurrent(byte[] b, int off, int len) throws IOException {
        try {
            return current.read(b, off, len);
        } catch (CddsException e) {
            throw e.in(parts.get(index).fileName());
        } catch (IOException e) {
            throw new CorruptInputException("read failed: " + e.getMessage(), e).in(parts.get(index).fileName());
        }
    }

    private void closeCurrent() throws IOException {
        InputStream done = current;
        current = null;
        done.close();
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            closeCurrent();
        }
    }
}
