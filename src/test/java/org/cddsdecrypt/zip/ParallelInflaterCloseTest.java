package org.cddsdecrypt.zip;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.cddsdecrypt.error.CorruptInputException;
import org.junit.jupiter.api.Test;

/** An output handed to the inflater is closed even when its entry is never inflated. */
class ParallelInflaterCloseTest {
    private static final class Tracking extends OutputStream {
        volatile boolean closed;

        @Override
        public void write(int b) {}

        @Override
        public void close() {
            closed = true;
        }
    }

    private static ZipArchiveEntry deflated(String name) {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        e.setMethod(ZipArchiveEntry.DEFLATED);
        e.setSize(100);
        e.setCompressedSize(8);
        e.setCrc(0);
        return e;
    }

    @Test
    void anOutputPassedToStartAfterAFailureIsClosed() throws Exception {
        try (ParallelInflater inflater = new ParallelInflater(1)) {
            Tracking first = new Tracking();
            ParallelInflater.Task task = inflater.start(deflated("a"), first, "a", () -> {});
            byte[] garbage = inflater.buffer();
            Arrays.fill(garbage, 0, 8, (byte) 0xff); // not deflate data
            // The failure comes from end() when the worker has already met the garbage, else from awaitAll().
            assertThrows(CorruptInputException.class, () -> {
                task.feed(garbage, 8);
                task.end();
                inflater.awaitAll(1);
            });
            assertTrue(first.closed);

            Tracking second = new Tracking();
            assertThrows(IOException.class, () -> inflater.start(deflated("b"), second, "b", () -> {}));
            assertTrue(second.closed, "an output refused by start() must not stay open");
        }
    }
}
