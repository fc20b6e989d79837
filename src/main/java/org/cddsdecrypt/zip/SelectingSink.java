package org.cddsdecrypt.zip;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cddsdecrypt.error.UsageException;

/**
 * Passes on only the entries an {@link EntrySelection} chooses; the others are still read and verified (CRC, size,
 * central directory) but kept nowhere. Folders not chosen themselves are passed on at the end when they hold a chosen
 * file, so they keep their modification times.
 */
public final class SelectingSink implements EntrySink {
    private final EntrySink target;
    private final EntrySelection selection;
    private final List<String> deferredFolders = new ArrayList<>();
    private final List<Long> deferredTimes = new ArrayList<>();
    private final Set<String> foldersInUse = new HashSet<>();
    private final java.util.concurrent.atomic.AtomicInteger files = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder bytes = new java.util.concurrent.atomic.LongAdder();

    public SelectingSink(EntrySink target, EntrySelection selection) {
        this.target = target;
        this.selection = selection;
    }

    @Override
    public void directory(String path, long modifiedMillis) throws IOException {
        if (selection.selects(path)) {
            target.directory(path, modifiedMillis);
        } else {
            deferredFolders.add(path);
            deferredTimes.add(modifiedMillis);
        }
    }

    /** As concurrent as the target: file streams and fileDone hold no per-entry state here. */
    @Override
    public boolean acceptsConcurrentFiles() {
        return target.acceptsConcurrentFiles();
    }

    @Override
    public OutputStream openFile(String path, long modifiedMillis) throws IOException {
        if (!selection.selects(path)) {
            return null;
        }
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            foldersInUse.add(path.substring(0, slash));
        }
        OutputStream out = target.openFile(path, modifiedMillis);
        return out == null
                ? null
                : new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        bytes.increment();
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        bytes.add(len);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }
                };
    }

    @Override
    public void fileDone(String path) throws IOException {
        if (selection.selects(path)) {
            files.incrementAndGet();
            target.fileDone(path);
        }
    }

    /** Refuses (exit 2) to finish when no include pattern matched: nothing was chosen, and no empty tree is kept. */
    @Override
    public void finish() throws IOException {
        if (selection.matchedNoInclude()) {
            throw new UsageException("nothing to write: no entry of the export matches "
                    + String.join(
                            " or ",
                            selection.unmatchedIncludes().stream()
                                    .map(g -> "'" + g + "'")
                                    .toList())
                    + " (see 'cdds-decrypt list' for the entry names)");
        }
        for (int i = 0; i < deferredFolders.size(); i++) {
            if (foldersInUse.contains(deferredFolders.get(i))) {
                target.directory(deferredFolders.get(i), deferredTimes.get(i));
            }
        }
        target.finish();
    }

    @Override
    public void close() throws IOException {
        target.close();
    }

    /** Files passed on. */
    public int files() {
        return files.get();
    }

    /** Bytes of the files passed on. */
    public long bytes() {
        return bytes.sum();
    }
}
