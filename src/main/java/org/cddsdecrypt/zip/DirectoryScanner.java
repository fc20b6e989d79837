package org.cddsdecrypt.zip;

import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.UnsafeContentException;
import org.cddsdecrypt.io.Untrusted;

/**
 * Reads the central directory as the streaming zip reader skips over it, a record at a time, keeping only the last
 * {@link #RING} bytes: memory does not grow with the number of entries (the directory itself holds about 100 bytes
 * per entry, which two million entries turn into 200 MiB).
 *
 * <p>Where the directory starts is only known at the end, from the end record. The reader may already have
 * buffered the directory's first bytes when the recording started, so the recording begins with the window of
 * bytes read before it: the directory starts at a file-header signature within that window. Each such position
 * is followed as a candidate, cheaply (a window of entry data rarely holds a signature; a stored zip as the last
 * entry may hold some, and those candidates end at that zip's own end record). At the end, the candidate that
 * starts where the end record says the directory starts is the directory; none is a damaged archive.
 */
final class DirectoryScanner {
    /** Holds the longest record (46 bytes and three 64 KiB fields) and the end-record search. */
    static final int RING = 256 * 1024;
    /** Written in pieces no larger than this, so that no candidate's pending record is overwritten. */
    private static final int PIECE = RING - CentralDirectory.CFH_LENGTH - 3 * 0xffff - 1024;
    /** More candidates than a window of entry data can hold records (8 KiB / 46 bytes). */
    private static final int MAX_CANDIDATES = 256;

    private final byte[] ring = new byte[RING];
    private final byte[] record = new byte[CentralDirectory.CFH_LENGTH + 3 * 0xffff];
    private final long maxEntries;
    private final long candidatesUntil;
    private final List<Candidate> candidates = new ArrayList<>();
    private long written;
    /** Bytes {@code [scanned, written)} not yet searched for a candidate's signature (within the window only). */
    private long scanned;

    /** One possible start of the directory, read record by record. */
    private final class Candidate {
        final long start;
        final ZipStreamExtractor.EntryDigest digest = new ZipStreamExtractor.EntryDigest();
        long next;
        boolean done;
        boolean overLimit;
        String special;

        Candidate(long start) {
            this.start = start;
            this.next = start;
        }

        /** Reads every record now complete in the ring; false once this candidate has ended. */
        void advance() {
            while (!done && !overLimit && next + CentralDirectory.CFH_LENGTH <= written) {
                copy(next, record, 0, 4);
                if (!CentralDirectory.isRecord(record, 0)) {
                    done = true;
                    return;
                }
                copy(next, record, 0, CentralDirectory.CFH_LENGTH);
                int length = CentralDirectory.recordLength(record, 0);
                if (next + length > written) {
                    return;
                }
                if (digest.count() >= maxEntries) {
                    overLimit = true;
                    return;
                }
                copy(next, record, 0, length);
                CentralDirectoryEntry e = CentralDirectory.entry(record, 0);
                if (special == null && e.isSpecial()) {
                    special = (e.isSymbolicLink() ? "symbolic link" : "special file") + " in the archive refused: "
                            + Untrusted.quoted(e.name());
                }
                digest.add(e.name(), e.isDirectory(), e.crc(), e.size());
                next += length;
            }
        }
    }

    /**
     * @param window how many of the first bytes to come were read before the recording started: the directory
     *     starts within them, or right after
     */
    DirectoryScanner(long window, long maxEntries) {
        this.candidatesUntil = window;
        this.maxEntries = maxEntries;
    }

    void write(byte[] b, int off, int len) throws CorruptInputException {
        while (len > 0) {
            int n = Math.min(len, PIECE);
            for (int i = 0; i < n; ) {
                int at = (int) ((written + i) % RING);
                int chunk = Math.min(n - i, RING - at);
                System.arraycopy(b, off + i, ring, at, chunk);
                i += chunk;
            }
            written += n;
            off += n;
            len -= n;
            findCandidates();
            for (Candidate c : candidates) {
                c.advance();
            }
        }
    }

    /** Adds a candidate at every file-header signature that starts within the window. */
    private void findCandidates() throws CorruptInputException {
        byte[] four = new byte[4];
        for (; scanned <= candidatesUntil && scanned + 4 <= written; scanned++) {
            copy(scanned, four, 0, 4);
            if (CentralDirectory.isRecord(four, 0)) {
                if (candidates.size() == MAX_CANDIDATES) {
                    throw new CorruptInputException("zip central directory cannot be located: " + MAX_CANDIDATES
                            + " record signatures where it should start");
                }
                candidates.add(new Candidate(scanned));
            }
        }
    }

    private void copy(long pos, byte[] dst, int off, int len) {
        for (int i = 0; i < len; ) {
            int at = (int) ((pos + i) % RING);
            int chunk = Math.min(len - i, RING - at);
            System.arraycopy(ring, at, dst, off + i, chunk);
            i += chunk;
        }
    }

    /**
     * After the last byte: finds the end record, takes the candidate starting where it says, and checks it against
     * the streamed entries: no links or special files, the same number, the same names, order, CRCs and sizes.
     */
    EndOfCentralDirectory finish(ZipStreamExtractor.EntryDigest streamed) throws CddsException {
        int searched = (int) Math.min(written, EndOfCentralDirectory.SEARCH);
        byte[] last = new byte[searched];
        copy(written - searched, last, 0, searched);
        EndOfCentralDirectory end = EndOfCentralDirectory.find(last, searched);
        long directoryEnd = written - searched + end.centralDirectoryEnd();
        long start = directoryEnd - end.centralDirectorySize();
        Candidate directory = null;
        for (Candidate c : candidates) {
            if (c.start == start) {
                directory = c;
            }
        }
        if (directory == null && (start != directoryEnd || start < 0)) {
            throw new CorruptInputException("zip central directory does not follow the last entry");
        }
        long count = 0;
        byte[] digest = new ZipStreamExtractor.EntryDigest().value();
        if (directory != null) {
            if (directory.overLimit) {
                throw CentralDirectory.tooManyEntries(maxEntries);
            }
            if (directory.next < directoryEnd) {
                throw CentralDirectory.malformedAt(directory.digest.count() + 1);
            }
            if (directory.next > directoryEnd) {
                throw CentralDirectory.truncated();
            }
            if (directory.special != null) {
                throw new UnsafeContentException(directory.special);
            }
            count = directory.digest.count();
            digest = directory.digest.value();
        }
        if (streamed.count() != count) {
            throw new CorruptInputException(
                    "the zip holds " + streamed.count() + " entries but its central " + "directory lists " + count);
        }
        if (!java.security.MessageDigest.isEqual(streamed.value(), digest)) {
            throw new CorruptInputException("the zip's entries do not match its central directory (names, order, "
                    + "CRCs or sizes differ): the export is damaged or was altered");
        }
        return end;
    }
}
