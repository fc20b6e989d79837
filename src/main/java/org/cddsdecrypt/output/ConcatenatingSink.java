package org.cddsdecrypt.output;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.zip.EntrySink;

/**
 * Writes the contents of the file entries, one after the other in archive order, to one stream (standard output
 * for {@code extract --stdout}); folders and names are not written. Each entry's CRC is checked only after its
 * bytes went out, so a reader must check the exit status before trusting what it received.
 */
public final class ConcatenatingSink implements EntrySink {
    private final OutputStream out;

    public ConcatenatingSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public void directory(String path, long modifiedMillis) {}

    @Override
    public OutputStream openFile(String path, long modifiedMillis) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the shared stream stays open for the next entry
            }
        };
    }

    @Override
    public void fileDone(String path) throws IOException {
        flush(path);
    }

    @Override
    public void finish() throws IOException {
        flush("standard output");
    }

    private void flush(String what) throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw OutputException.of("cannot write " + what, e);
        }
    }
}
