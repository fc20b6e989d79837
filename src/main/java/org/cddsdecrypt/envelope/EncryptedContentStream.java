package org.cddsdecrypt.envelope;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.io.BulkInputStream;

/**
 * The octets of CMS {@code encryptedContent}: one primitive string of any length, or a constructed string of
 * chunks (OpenSSL writes 4 KiB chunks when it streams), definite or indefinite, nested as BER allows. The chunks'
 * octets are read straight into the caller's buffer.
 */
final class EncryptedContentStream extends BulkInputStream {
    private static final long OPEN_ENDED = Long.MAX_VALUE;

    private final BerReader reader;
    /** Where each open constructed string ends (reader position), or {@link #OPEN_ENDED} for indefinite ones. */
    private final Deque<Long> ends = new ArrayDeque<>();

    private long chunkLeft;
    private boolean finished;

    /** Reads the content whose header ([0] IMPLICIT OCTET STRING, primitive or constructed) was just read. */
    EncryptedContentStream(BerReader reader, BerReader.Header content) throws CorruptInputException {
        this.reader = reader;
        if (content.constructed()) {
            open(content);
        } else {
            chunkLeft = content.length();
            finished = chunkLeft == 0;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (chunkLeft == 0) {
            if (finished || !nextChunk()) {
                finished = true;
                return -1;
            }
        }
        int n = reader.read(b, off, (int) Math.min(len, chunkLeft));
        if (n < 0) {
            throw truncated();
        }
        chunkLeft -= n;
        if (chunkLeft == 0 && ends.isEmpty()) {
            finished = true;
        }
        return n;
    }

    /** Moves to the next primitive chunk; false when the outermost string has ended. */
    private boolean nextChunk() throws IOException {
        while (!ends.isEmpty()) {
            long end = ends.peek();
            if (end != OPEN_ENDED && reader.position() >= end) {
                if (reader.position() > end) {
                    throw new CorruptInputException("malformed encrypted content: a chunk overruns its string");
                }
                ends.pop();
                continue;
            }
            BerReader.Header header = reader.readHeaderOrEnd();
            if (header == null) {
                throw truncated();
            }
            if (header.isEndOfContents()) {
                if (end != OPEN_ENDED) {
                    throw new CorruptInputException(
                            "malformed encrypted content: end-of-contents in a definite string");
                }
                ends.pop();
            } else if (!header.isOctetString()) {
                throw new CorruptInputException(String.format(
                        "malformed encrypted content: element with tag 0x%02x among its octet strings", header.tag()));
            } else if (header.constructed()) {
                open(header);
            } else {
                if (end != OPEN_ENDED && reader.position() + header.length() > end) {
                    throw new CorruptInputException("malformed encrypted content: a chunk overruns its string");
                }
                chunkLeft = header.length();
                if (chunkLeft > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private void open(BerReader.Header header) throws CorruptInputException {
        if (ends.size() >= BerReader.MAX_DEPTH) {
            throw new CorruptInputException("malformed encrypted content: strings nested too deep");
        }
        long end = header.indefinite() ? OPEN_ENDED : reader.position() + header.length();
        if (!ends.isEmpty() && end > ends.peek()) {
            throw new CorruptInputException("malformed encrypted content: a chunk overruns its string");
        }
        ends.push(end);
    }

    private static CorruptInputException truncated() {
        return new CorruptInputException("truncated or malformed encrypted content: the message ends inside it");
    }
}
