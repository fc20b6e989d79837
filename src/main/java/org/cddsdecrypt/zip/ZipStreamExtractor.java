package org.cddsdecrypt.zip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.error.UnsafeContentException;
import org.cddsdecrypt.io.Untrusted;

/**
 * Streams a (rejoined) zip through Commons Compress's {@link ZipArchiveInputStream}, checking what that class does
 * not: every entry's CRC-32 and size, safe names, decompression ratios, and at the end that the entries streamed
 * are exactly those of the central directory, with no links or special files among them.
 *
 * <p>Entries whose sizes are in their local header are inflated by a {@link ParallelInflater} with one worker per
 * processor, one worker on a single processor: the same code on any machine. The others (data descriptors, or a
 * sink that takes files on the calling thread only) are inflated by Commons Compress on the calling thread; both
 * paths make the same checks, in the same order, with the same messages: the declared sizes against the limits
 * before any data is inflated, and inflation stopped as soon as it passes the declared size.
 */
public final class ZipStreamExtractor {
    private static final int BUFFER = 256 * 1024;

    private final Limits limits;
    private final int workers;

    public ZipStreamExtractor(Limits limits) {
        this(limits, Runtime.getRuntime().availableProcessors());
    }

    /** With {@code workers} inflating threads (at least one), whatever the processor count: for tests. */
    ZipStreamExtractor(Limits limits, int workers) {
        this.limits = limits;
        this.workers = Math.max(1, workers);
    }

    /** What was extracted and the archive's end record. */
    public record Result(int entries, long bytes, EndOfCentralDirectory endRecord) {}

    /** What the pass over the entries found, before the central directory is checked. */
    private record Read(long bytes, DirectoryScanner directory, EntryDigest streamed) {}

    /**
     * What the streamed entries and the central directory must agree on, in order: each name and, for files, CRC
     * and size. A running SHA-256 of those keeps memory flat however many entries there are (a list of them holds
     * hundreds of bytes per entry); no two different sequences share a digest in practice.
     */
    static final class EntryDigest {
        private final MessageDigest sha;
        private final byte[] fields = new byte[21];
        private long count;

        EntryDigest() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every JDK", e);
            }
        }

        void add(String name, boolean directory, long crc, long size) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            ByteBuffer.wrap(fields)
                    .putInt(utf8.length)
                    .put((byte) (directory ? 1 : 0))
                    .putLong(directory ? 0 : crc)
                    .putLong(directory ? 0 : size);
            sha.update(fields);
            sha.update(utf8);
            count++;
        }

        long count() {
            return count;
        }

        byte[] value() {
            return sha.digest();
        }
    }

    /**
     * Reads the whole stream into {@code sink}, then closes the sink; throws with the documented exit code on any
     * failure.
     */
    public Result extract(InputStream rejoined, EntrySink sink) throws IOException {
        try (sink) {
            return extractInto(rejoined, sink);
        }
    }

    private Result extractInto(InputStream rejoined, EntrySink sink) throws IOException {
        try (ParallelInflater parallel = sink.acceptsConcurrentFiles() ? new ParallelInflater(workers) : null) {
            Read read = readEntries(rejoined, sink, parallel);
            if (parallel != null) {
                parallel.awaitAll(workers);
            }
            return verifyTail(rejoined, sink, read);
        }
    }

    private Read readEntries(InputStream rejoined, EntrySink sink, ParallelInflater parallel) throws IOException {
        RecordingInputStream recorder = new RecordingInputStream(rejoined, limits.maxEntries());
        EntryDigest streamed = new EntryDigest();
        long[] total = {0};
        // Not closed here: closing would close the caller's stream before it is drained and verified.
        ZipArchiveInputStream zip = new ZipArchiveInputStream(recorder, "UTF-8", true, false, true);
        byte[] buffer = new byte[BUFFER];
        // Once the zip reader has read entry data itself it may hold bytes of what follows in its own buffer, so
        // from then on raw data can no longer be taken from under it: the rest is inflated sequentially.
        boolean rawAccess = parallel != null;
        while (true) {
            recorder.startRecording();
            ZipArchiveEntry entry = nextEntry(zip);
            recorder.stopRecording();
            if (entry == null) {
                return new Read(total[0], recorder.directory(), streamed);
            }
            if (streamed.count() >= limits.maxEntries()) {
                throw CentralDirectory.tooManyEntries(limits.maxEntries());
            }
            if (rawAccess && !entry.isDirectory() && ParallelInflater.canTake(entry)) {
                parallel.rethrowFailure();
                handOver(entry, recorder, sink, parallel, total);
                // Checked by the worker against these before it completes; the directory is compared with them.
                streamed.add(entry.getName(), false, entry.getCrc(), entry.getSize());
            } else {
                rawAccess &= entry.isDirectory();
                copyEntry(zip, recorder, entry, sink, buffer, total, streamed);
            }
        }
    }

    /** Reads an entry's raw bytes and gives them to a worker to inflate, check and write. */
    private void handOver(
            ZipArchiveEntry entry,
            RecordingInputStream recorder,
            EntrySink sink,
            ParallelInflater parallel,
            long[] total)
            throws IOException {
        String path = EntryNames.safeRelative(entry.getName());
        long modified = modifiedMillis(entry);
        admit(entry, total);
        OutputStream out = sink.openFile(path, modified);
        ParallelInflater.Task task = parallel.start(entry, out, path, () -> sink.fileDone(path));
        long remaining = entry.getCompressedSize();
        while (remaining > 0) {
            byte[] chunk = parallel.buffer();
            int n = recorder.readRaw(chunk, 0, (int) Math.min(chunk.length, remaining));
            if (n < 0) {
                task.end();
                throw truncatedInside(entry);
            }
            task.feed(chunk, n);
            remaining -= n;
        }
        task.end();
        recorder.hideFromReader(entry.getCompressedSize());
    }

    private Result verifyTail(InputStream rejoined, EntrySink sink, Read read) throws IOException {
        if (rejoined.read() >= 0) {
            throw new CorruptInputException("unexpected data after the end of the zip archive");
        }
        EndOfCentralDirectory end = read.directory().finish(read.streamed());
        sink.finish();
        return new Result((int) read.streamed().count(), read.bytes(), end);
    }

    private static long modifiedMillis(ZipArchiveEntry entry) {
        return entry.getLastModifiedTime() == null
                ? -1
                : entry.getLastModifiedTime().toMillis();
    }

    private static ZipArchiveEntry nextEntry(ZipArchiveInputStream zip) throws IOException {
        try {
            return zip.getNextZipEntry();
        } catch (IOException | RuntimeException e) {
            throw translate(e, "malformed zip archive");
        } catch (LinkageError e) {
            throw missingCodec(e);
        }
    }

    private void copyEntry(
            ZipArchiveInputStream zip,
            RecordingInputStream recorder,
            ZipArchiveEntry entry,
            EntrySink sink,
            byte[] buffer,
            long[] total,
            EntryDigest streamed)
            throws IOException {
        String path = EntryNames.safeRelative(entry.getName());
        long modified = modifiedMillis(entry);
        if (entry.isDirectory()) {
            sink.directory(path, modified);
            streamed.add(entry.getName(), true, 0, 0);
            return;
        }
        if (!zip.canReadEntryData(entry)) {
            throw new CorruptInputException("cannot read zip entry " + Untrusted.quoted(entry.getName())
                    + ": unsupported compression method or encryption (method " + entry.getMethod() + ")");
        }
        boolean declared = admit(entry, total);
        CRC32 crc = new CRC32();
        long size = 0;
        try (OutputStream out = closingAsOutput(sink.openFile(path, modified), path)) {
            // A declared size bounds each read: one byte past it is enough to know the header lied.
            int want = declared ? (int) Math.min(buffer.length, entry.getSize() + 1) : buffer.length;
            for (int n = read(zip, recorder, buffer, want, entry);
                    n >= 0;
                    n = read(zip, recorder, buffer, want, entry)) {
                size += n;
                if (declared) {
                    if (size > entry.getSize()) {
                        throw beyondStatedSize(entry);
                    }
                    want = (int) Math.min(buffer.length, entry.getSize() - size + 1);
                } else {
                    total[0] += n;
                    checkLimits(entry, size, zip.getCompressedCount(), total[0]);
                }
                crc.update(buffer, 0, n);
                if (out != null) {
                    write(out, buffer, n, path);
                }
            }
        }
        verifyEntry(entry, crc.getValue(), size);
        sink.fileDone(path);
        streamed.add(entry.getName(), false, crc.getValue(), size);
    }

    private static int read(
            ZipArchiveInputStream zip, RecordingInputStream recorder, byte[] buffer, int length, ZipArchiveEntry entry)
            throws IOException {
        try {
            return zip.read(buffer, 0, length);
        } catch (IOException | RuntimeException e) {
            if (recorder.ended()) {
                // Commons Compress's "Truncated ZIP file": worded as the parallel path words it.
                throw truncatedInside(entry);
            }
            throw translate(e, "corrupt data in zip entry " + Untrusted.quoted(entry.getName()));
        } catch (LinkageError e) {
            throw missingCodec(e);
        }
    }

    /**
     * {@code out} (null: verify only), whose {@code close} fails with the output error that a failed write would
     * give: a sink may report a full disk only when the file is closed, on whichever thread closes it.
     */
    static OutputStream closingAsOutput(OutputStream out, String path) {
        if (out == null) {
            return null;
        }
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                try {
                    out.close();
                } catch (IOException e) {
                    throw CddsException.ownOr(e, io -> OutputException.of("cannot write " + path, io));
                }
            }
        };
    }

    private static void write(OutputStream out, byte[] buffer, int n, String path) throws IOException {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw CddsException.ownOr(e, io -> OutputException.of("cannot write " + path, io));
        }
    }

    /**
     * Before an entry's data is read, on either path: an entry whose header declares its sizes is checked against
     * the limits by those sizes, and counts by them towards the total (inflating it stops at the declared size,
     * and a different size fails the entry). True when the size is declared.
     */
    private boolean admit(ZipArchiveEntry entry, long[] total) throws UnsafeContentException {
        if (entry.getSize() < 0 || entry.getCompressedSize() < 0) {
            return false;
        }
        total[0] += entry.getSize();
        checkLimits(entry, entry.getSize(), entry.getCompressedSize(), total[0]);
        return true;
    }

    private static CorruptInputException truncatedInside(ZipArchiveEntry entry) {
        return new CorruptInputException(
                "the export ends inside zip entry " + Untrusted.quoted(entry.getName()) + " (truncated)");
    }

    /** An entry inflating to more than its header declared: corrupt, or a bomb lying about its size. */
    static CorruptInputException beyondStatedSize(ZipArchiveEntry entry) {
        return new CorruptInputException("zip entry " + Untrusted.quoted(entry.getName())
                + " inflates beyond its stated size of " + entry.getSize() + " bytes");
    }

    private void checkLimits(ZipArchiveEntry entry, long size, long compressed, long total)
            throws UnsafeContentException {
        if (size > limits.ratioFloor() && size > limits.maxRatio() * Math.max(1, compressed)) {
            throw new UnsafeContentException("zip entry " + Untrusted.quoted(entry.getName())
                    + " inflates more than " + (long) limits.maxRatio() + " times its compressed size "
                    + "(a decompression bomb?); raise --max-ratio if this export is genuine");
        }
        if (total > limits.maxTotalBytes()) {
            throw new UnsafeContentException("export inflates to more than " + limits.maxTotalBytes()
                    + " bytes; raise --max-size if this export is genuine");
        }
    }

    static void verifyEntry(ZipArchiveEntry entry, long crc, long size) throws CorruptInputException {
        if (entry.getCrc() != -1 && entry.getCrc() != crc) {
            throw new CorruptInputException(String.format(
                    "CRC mismatch in zip entry %s (stored %08x, computed " + "%08x): the export is corrupt",
                    Untrusted.quoted(entry.getName()), entry.getCrc(), crc));
        }
        if (entry.getSize() != -1 && entry.getSize() != size) {
            throw new CorruptInputException("size mismatch in zip entry " + Untrusted.quoted(entry.getName())
                    + " (stored " + entry.getSize() + ", found " + size + ")");
        }
    }

    /**
     * Commons Compress opens Zstandard (method 93) and XZ (95) entries with optional libraries that the tool does
     * not ship; meeting one threw NoClassDefFoundError, an Error that ended the run as an internal error (exit 1).
     * CDDS writes deflate; such an entry is reported like any other unsupported method.
     */
    private static CorruptInputException missingCodec(LinkageError e) {
        return new CorruptInputException(
                "zip entry compressed with a method this tool does not support "
                        + "(Zstandard or XZ; CDDS exports use deflate)",
                e);
    }

    /** Keeps our own failures (decryption, limits) as they are; anything else from the zip layer is corruption. */
    static CddsException translate(Throwable e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CddsException own) {
                return own;
            }
        }
        // A RuntimeException is the library tripping over the data; its text speaks of the library's insides.
        String reason = e instanceof RuntimeException || e.getMessage() == null
                ? "the compressed data cannot be read (damaged, or a compression method this tool cannot read)"
                : e.getMessage();
        return new CorruptInputException(what + ": " + reason, e);
    }
}
