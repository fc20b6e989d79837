package org.cddsdecrypt.zip;

import java.io.IOException;
import java.io.OutputStream;

/** Where extracted entries go: a staging tree, nowhere (verify), or standard output. */
public interface EntrySink extends AutoCloseable {
    /** A directory entry, by its safe relative path. */
    void directory(String path, long modifiedMillis) throws IOException;

    /**
     * Opens the destination of a file entry, or returns null to read and verify it without keeping it. The entry's
     * modification time ({@code modifiedMillis}, negative when it has none) is the file's once its stream is closed:
     * a sink that forces files to disk sets it before it forces the file, so that it survives a crash too.
     */
    OutputStream openFile(String path, long modifiedMillis) throws IOException;

    /** Called after a file's content was written, its stream closed, and its CRC and size verified. */
    void fileDone(String path) throws IOException;

    /** Everything was verified: last chance to finish (directory times…) before the caller commits. */
    default void finish() throws IOException {}

    /**
     * True when {@link #openFile} streams may be written from other threads and several at once (entries are then
     * inflated in parallel); {@link #directory} and {@link #openFile} are still called in entry order.
     */
    default boolean acceptsConcurrentFiles() {
        return false;
    }

    /** Releases the sink's resources (threads); called after {@link #finish()} or after a failure. */
    @Override
    default void close() throws IOException {}

    /** A sink that keeps nothing: for verify. */
    static EntrySink discard() {
        return new EntrySink() {
            @Override
            public boolean acceptsConcurrentFiles() {
                return true;
            }

            @Override
            public void directory(String path, long modifiedMillis) {}

            @Override
            public OutputStream openFile(String path, long modifiedMillis) {
                return null;
            }

            @Override
            public void fileDone(String path) {}
        };
    }
}
