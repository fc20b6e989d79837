package org.cddsdecrypt.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.IncompleteExportException;
import org.cddsdecrypt.output.ConcatenatingSink;
import org.cddsdecrypt.output.Permissions;
import org.cddsdecrypt.output.StagingDirectory;
import org.cddsdecrypt.output.TreeWriter;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.parts.Part;
import org.cddsdecrypt.parts.PartOpener;
import org.cddsdecrypt.zip.CentralDirectory;
import org.cddsdecrypt.zip.CentralDirectoryEntry;
import org.cddsdecrypt.zip.EndOfCentralDirectory;
import org.cddsdecrypt.zip.EntrySink;
import org.cddsdecrypt.zip.Limits;
import org.cddsdecrypt.zip.RejoinedStream;
import org.cddsdecrypt.zip.SelectingSink;
import org.cddsdecrypt.zip.ZipStreamExtractor;

/**
 * Reads a whole export: checks the set is complete, then streams the rejoined plaintext of its parts through the
 * zip extractor into a sink, or reads just its central directory. The library's entry point for exports, and the
 * façade of the commands: {@link #list(Export)}, {@link #verify}, {@link #extractTree(Export, Path, WriteOptions,
 * Selection)} and {@link #extractToStream} return what the command line shows ({@link ExportInfo} describes an export
 * and {@link FileDecryption} decrypts single files).
 */
public final class ExportReader {
    private static final int EOCD_SEARCH = EndOfCentralDirectory.SEARCH;
    /** Central directories up to this size are taken from the tail read for the EOCD, without a second pass. */
    private static final int TAIL_CAPTURE = 8 * 1024 * 1024;

    private final PartOpener opener;
    private final Limits limits;

    public ExportReader(PartOpener opener, Limits limits) {
        this.opener = opener;
        this.limits = limits;
    }

    /**
     * A reader for the commands: the keys are loaded when the first encrypted part needs them, and every byte read
     * from the part files is told to {@code bytesRead} (a progress display).
     */
    public static ExportReader of(DecryptingPartOpener.Keys keys, LongConsumer bytesRead, ExportLimits limits) {
        return new ExportReader(new DecryptingPartOpener(keys, bytesRead), limits.zip());
    }

    /** {@code list}: the entries the export's central directory lists, in archive order (see {@link #list}). */
    public List<ListedEntry> list(Export export) throws IOException {
        List<ListedEntry> entries = new ArrayList<>();
        for (CentralDirectoryEntry e : list(export.set())) {
            entries.add(new ListedEntry(
                    e.name(), e.size(), e.compressedSize(), e.lastModifiedMillis(), e.isDirectory(), e.crc()));
        }
        return entries;
    }

    /** {@code verify}: everything {@code extract} checks, writing nothing. */
    public Extracted verify(Export export) throws IOException {
        ZipStreamExtractor.Result result = extract(export.set(), EntrySink.discard());
        return new Extracted(result.entries(), result.bytes(), 0, 0, List.of());
    }

    /** {@code extract}: the chosen entries as a folder tree at {@code destination} (see {@link #extractTree}). */
    public Extracted extractTree(Export export, Path destination, WriteOptions options, Selection selection)
            throws IOException {
        SelectingSink[] sink = new SelectingSink[1];
        ZipStreamExtractor.Result result = extractTree(
                export.set(),
                destination,
                options.force(),
                options.permissions(),
                tree -> sink[0] = new SelectingSink(tree, selection.entries));
        return extracted(result, sink[0], selection);
    }

    /**
     * {@code extract --stdout} and {@code cat}: the chosen files' contents to {@code out}, one after another in
     * archive order (see {@link ConcatenatingSink}).
     */
    public Extracted extractToStream(Export export, OutputStream out, Selection selection) throws IOException {
        SelectingSink sink = new SelectingSink(new ConcatenatingSink(out), selection.entries);
        return extracted(extract(export.set(), sink), sink, selection);
    }

    private static Extracted extracted(ZipStreamExtractor.Result result, SelectingSink sink, Selection selection) {
        return new Extracted(
                result.entries(), result.bytes(), sink.files(), sink.bytes(), selection.entries.unmatchedIncludes());
    }

    /**
     * Verifies the set is complete before anything is decrypted in full: by names, then (split sets) by the
     * number of segments that the final segment's end-of-central-directory record announces.
     *
     * @throws IncompleteExportException naming each missing file
     */
    public void requireComplete(ExportSet set) throws IOException {
        requireCompleteByNames(set);
        if (set.isSplit()) {
            set.requireComplete(segmentCount(set));
        }
    }

    /**
     * Throws unless every part is present by name. When some are missing, the final part's segment count (if it
     * can be read) names those after the last part present too, so the message lists everything to download, as
     * {@code info} does.
     */
    private void requireCompleteByNames(ExportSet set) throws IOException {
        if (set.missing(0).isEmpty()) {
            return;
        }
        int segments = 0;
        if (set.finalPart().isPresent()) {
            try {
                segments = segmentCount(set);
            } catch (CddsException unreadable) {
                // Named by the files present only.
            }
        }
        set.requireComplete(segments);
    }

    /**
     * The number of segments that the end-of-central-directory record in the set's final part announces: what
     * {@link #requireComplete} checks the set against. Decrypts the final part.
     */
    public int segmentCount(ExportSet set) throws IOException {
        return readTail(set.finalPart().orElseThrow(), EOCD_SEARCH).endRecord().segments();
    }

    /**
     * How many bytes of part files {@link #extract} reads: every part once, and for a split set the final part once
     * more beforehand (its end-of-central-directory record tells how many segments there must be). The total for
     * a progress display counting what the opener reads; keep it in step with {@link #requireComplete}.
     */
    public static long bytesToRead(ExportSet set) {
        long total = 0;
        for (Part part : set.parts()) {
            total += part.size();
        }
        if (set.isSplit()) {
            total += set.finalPart().map(Part::size).orElse(0L);
        }
        return total;
    }

    /** Checks completeness, then decrypts, inflates and verifies everything into {@code sink}. */
    public ZipStreamExtractor.Result extract(ExportSet set, EntrySink sink) throws IOException {
        Warmup.expectContent(bytesToRead(set));
        try {
            requireComplete(set);
        } catch (IOException | RuntimeException e) {
            closeAfter(sink, e);
            throw e;
        }
        return extractChecked(set, sink);
    }

    /**
     * The extractor closes the sink; when it never got it, this does. A TreeWriter's thread and buffers (4 MiB)
     * would otherwise outlive the run: one per incomplete export in a batch run.
     */
    private static void closeAfter(EntrySink sink, Exception failure) {
        try {
            sink.close();
        } catch (IOException | RuntimeException again) {
            failure.addSuppressed(again);
        }
    }

    private ZipStreamExtractor.Result extractChecked(ExportSet set, EntrySink sink) throws IOException {
        try (InputStream joined = new RejoinedStream(set.parts(), opener)) {
            ZipStreamExtractor.Result result = new ZipStreamExtractor(limits).extract(joined, sink);
            if (result.endRecord().segments() != set.parts().size()) {
                throw new IncompleteExportException(
                        "export " + set.name() + " has " + set.parts().size() + " parts but its zip directory says "
                                + result.endRecord().segments());
            }
            return result;
        } catch (CorruptInputException e) {
            if (!set.isSplit()) {
                requireCompleteLoneFinal(set, e);
            }
            throw e;
        }
    }

    /**
     * A lone {@code .zip} part that does not read as a zip may be the last segment of a split set whose numbered
     * parts are not downloaded yet: its end-of-central-directory record tells, and then the missing files are
     * named (exit 3) instead of reporting corruption. Costs a second decryption, on this failure path only.
     */
    private void requireCompleteLoneFinal(ExportSet set, CorruptInputException failure) throws IOException {
        EndOfCentralDirectory end;
        try {
            end = readTail(set.finalPart().orElseThrow(), EOCD_SEARCH).endRecord();
        } catch (CddsException unreadable) {
            throw failure;
        }
        set.requireComplete(end.segments());
    }

    /**
     * Extracts the export into the folder {@code destination}: everything is written into a staging folder beside
     * it, which becomes {@code destination} (replacing an existing, non-empty one only if {@code replace} and only if
     * it is a tree cdds-decrypt wrote, see {@link StagingDirectory}) only once every part decrypted and every check
     * passed, durably. On failure nothing is left behind and an existing destination is untouched.
     */
    public ZipStreamExtractor.Result extractTree(
            ExportSet set, Path destination, boolean replace, Permissions permissions) throws IOException {
        return extractTree(set, destination, replace, permissions, UnaryOperator.identity());
    }

    /**
     * {@link #extractTree(ExportSet, Path, boolean, Permissions)} with the tree writer wrapped by {@code around}:
     * a {@link org.cddsdecrypt.zip.SelectingSink} to extract only some entries, say.
     */
    public ZipStreamExtractor.Result extractTree(
            ExportSet set, Path destination, boolean replace, Permissions permissions, UnaryOperator<EntrySink> around)
            throws IOException {
        List<Path> inputs = set.parts().stream().map(Part::path).toList();
        try (StagingDirectory staging =
                StagingDirectory.create(destination, replace, permissions, set.name(), inputs)) {
            ZipStreamExtractor.Result result = extract(set, around.apply(new TreeWriter(staging.root(), permissions)));
            staging.commit();
            return result;
        }
    }

    /**
     * The archive's entries from its central directory, decrypting only the segments that hold it (the last
     * one or few); an unsplit export is decrypted whole, once or, for a huge directory, twice.
     */
    public List<CentralDirectoryEntry> list(ExportSet set) throws IOException {
        requireCompleteByNames(set);
        List<Part> parts = set.parts();
        Warmup.expectContent(parts.get(parts.size() - 1).size());
        Tail tail = readTail(parts.get(parts.size() - 1), TAIL_CAPTURE);
        EndOfCentralDirectory end = tail.endRecord();
        // The same check as requireComplete(set), from the tail just read (the final part is decrypted once), and
        // also for a lone .zip, which may be the last segment of a split set.
        set.requireComplete(end.segments());
        if (end.entries() > limits.maxEntries()) {
            throw CentralDirectory.tooManyEntries(limits.maxEntries());
        }
        int lastDisk = parts.size() - 1;
        if (end.centralDirectoryDisk() > lastDisk) {
            throw new CorruptInputException("zip directory starts on segment " + (end.centralDirectoryDisk() + 1)
                    + " of an export with " + parts.size() + " parts");
        }
        long tailStart = tail.partLength() - tail.length();
        if (end.centralDirectoryDisk() == lastDisk && end.centralDirectoryOffset() >= tailStart) {
            long start = end.centralDirectoryOffset() - tailStart;
            long stop = start + end.centralDirectorySize();
            if (stop > tail.length()) {
                throw new CorruptInputException("zip central directory lies beyond the end of the export");
            }
            return CentralDirectory.parse(tail.bytes(), (int) start, (int) stop, limits.maxEntries());
        }
        byte[] directory = readRange(
                parts.subList(end.centralDirectoryDisk(), parts.size()),
                end.centralDirectoryOffset(),
                end.centralDirectorySize());
        return CentralDirectory.parse(directory, 0, directory.length, limits.maxEntries());
    }

    private record Tail(byte[] bytes, int length, long partLength, EndOfCentralDirectory endRecord) {}

    /** Decrypts one part whole, keeping only its last {@code capacity} bytes. */
    private Tail readTail(Part part, int capacity) throws IOException {
        byte[] ring = new byte[capacity];
        long total = 0;
        try (InputStream in = opener.open(part)) {
            byte[] buf = new byte[256 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                for (int i = 0; i < n; ) {
                    int pos = (int) ((total + i) % capacity);
                    int chunk = Math.min(n - i, capacity - pos);
                    System.arraycopy(buf, i, ring, pos, chunk);
                    i += chunk;
                }
                total += n;
            }
        } catch (IOException e) {
            throw RejoinedStream.readFailure(part.fileName(), e);
        }
        int length = (int) Math.min(total, capacity);
        byte[] tail = new byte[length];
        int start = (int) ((total - length) % capacity);
        for (int i = 0; i < length; i++) {
            tail[i] = ring[(start + i) % capacity];
        }
        try {
            return new Tail(tail, length, total, EndOfCentralDirectory.find(tail, length));
        } catch (CddsException e) {
            throw e.in(part.fileName());
        }
    }

    /**
     * Bytes [offset, offset + size) of the concatenation of {@code parts}. The size comes from the archive: it is
     * checked against the bytes the part files hold (decrypted content is never longer than its file) and the cap
     * before anything is allocated, so a record claiming gigabytes costs nothing.
     */
    private byte[] readRange(List<Part> parts, long offset, long size) throws IOException {
        long present = 0;
        for (Part part : parts) {
            present += part.size();
        }
        if (offset < 0 || size < 0 || offset + size > present) {
            throw new CorruptInputException("zip central directory lies beyond the end of the export (" + size
                    + " bytes at offset " + offset + " of at most " + present + ")");
        }
        if (size > CentralDirectory.MAX_BYTES) {
            throw new CorruptInputException("zip central directory is implausibly large (" + size + " bytes, over "
                    + CentralDirectory.MAX_BYTES / (1024 * 1024) + " MiB): the archive is damaged");
        }
        byte[] directory = new byte[(int) size];
        try (InputStream in = new RejoinedStream(parts, opener)) {
            in.skipNBytes(offset);
            if (in.readNBytes(directory, 0, directory.length) < directory.length) {
                throw new CorruptInputException("zip central directory is truncated");
            }
        } catch (java.io.EOFException e) {
            throw new CorruptInputException("zip central directory lies beyond the end of the export", e);
        }
        return directory;
    }
}
