package org.cddsdecrypt.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.export.MessageDecryptor;
import org.cddsdecrypt.keys.KeyLoader;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.keys.PassphraseSource;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CMS structure walker and the encrypted-content stream on openssl's messages re-encoded in the BER forms
 * openssl does not write (long-form lengths, chunked and nested content), and on damaged input. A part over 2 GiB
 * with a definite length is in the large profile (LargeInputsTest).
 */
class BerReaderTest {
    private static byte[] decrypt(byte[] message) throws Exception {
        KeyRing keys = new KeyLoader(PassphraseSource.none(), w -> {}).load(List.of(Fixtures.key("rsa.key")));
        try (InputStream plain = new MessageDecryptor(keys).open(new ByteArrayInputStream(message), "m")) {
            return plain.readAllBytes();
        }
    }

    private static byte[] payload() throws IOException {
        return Files.readAllBytes(Fixtures.payload());
    }

    /** Re-encodes a DER element with every length in 8-octet long form (valid BER, as a 2^40-byte part needs). */
    private static byte[] longForm(byte[] der) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copyLongForm(new BerReader(new ByteArrayInputStream(der)), out);
        return out.toByteArray();
    }

    private static void copyLongForm(BerReader reader, ByteArrayOutputStream out) throws IOException {
        BerReader.Header h = reader.readHeader();
        byte[] element = reader.readElement(h);
        byte[] content = Arrays.copyOfRange(element, h.encoded().length, element.length);
        out.write(h.tag());
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        if (h.constructed()) {
            BerReader children = new BerReader(new ByteArrayInputStream(content));
            while (children.position() < content.length) {
                copyLongForm(children, inner);
            }
        } else {
            inner.write(content);
        }
        out.write(0x88);
        long length = inner.size();
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (length >>> shift));
        }
        inner.writeTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"der.p7m", "gcm.p7m"})
    void lengthsInLongFormDecryptTheSame(String name) throws Exception {
        byte[] der = Files.readAllBytes(Fixtures.message(name));
        byte[] rewritten = longForm(der);
        assertEquals(0x88, rewritten[1] & 0xff);
        assertTrue(rewritten.length > der.length + 50);
        assertArrayEquals(payload(), decrypt(rewritten));
    }

    /** [0] content as a constructed string: chunks of the given sizes, the last one nested, definite or not. */
    private static byte[] chunked(byte[] octets, int chunk, boolean indefinite) throws IOException {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        for (int off = 0; off < octets.length; off += chunk) {
            int n = Math.min(chunk, octets.length - off);
            byte[] piece = Arrays.copyOfRange(octets, off, off + n);
            if (off + n == octets.length) { // the last chunk nested one level deeper, after an empty chunk
                ByteArrayOutputStream nested = new ByteArrayOutputStream();
                nested.write(tlv(0x04, new byte[0]));
                nested.write(tlv(0x04, piece));
                inner.write(tlv(0x24, nested.toByteArray()));
            } else {
                inner.write(tlv(0x04, piece));
            }
        }
        if (!indefinite) {
            return tlv(0xa0, inner.toByteArray());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xa0);
        out.write(0x80);
        inner.writeTo(out);
        out.write(new byte[2]);
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.write(0x84);
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(content.length >>> shift);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 4096, 1 << 20})
    void chunkedAndNestedContentStreamsAsItsOctets(int chunk) throws Exception {
        byte[] octets = new byte[50_000];
        new java.util.Random(chunk).nextBytes(octets);
        for (boolean indefinite : new boolean[] {false, true}) {
            byte[] encoded = chunked(octets, chunk, indefinite);
            BerReader reader = new BerReader(new ByteArrayInputStream(encoded));
            try (InputStream content = new EncryptedContentStream(reader, reader.readHeader())) {
                assertArrayEquals(octets, content.readAllBytes(), "chunk " + chunk + ", indefinite " + indefinite);
            }
            assertEquals(encoded.length, reader.position(), "read to the end of the content, not beyond");
        }
    }

    @Test
    void aPrimitiveContentOfMoreThanTwoGibibytesIsRead() throws Exception {
        long length = (1L << 31) + 4096;
        byte[] header = {(byte) 0x80, (byte) 0x85, 0x00, (byte) 0x80, 0x00, 0x10, 0x00};
        InputStream zeros = new InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                left -= n;
                return n; // the array's old bytes stand for zeros: only the count matters here
            }
        };
        BerReader reader = new BerReader(new SequenceInputStream(new ByteArrayInputStream(header), zeros));
        BerReader.Header h = reader.readHeader();
        assertEquals(length, h.length());
        long total = 0;
        byte[] buffer = new byte[1 << 20];
        try (InputStream content = new EncryptedContentStream(reader, h)) {
            for (int n; (n = content.read(buffer, 0, buffer.length)) > 0; ) {
                total += n;
            }
        }
        assertEquals(length, total);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5, 100, 400, 600, 1000})
    void aTruncatedMessageIsCorruptInput(int cut) throws Exception {
        for (String name : new String[] {"der.p7m", "gcm.p7m"}) {
            byte[] der = longForm(Files.readAllBytes(Fixtures.message(name)));
            byte[] truncated = Arrays.copyOf(der, Math.min(cut, der.length - 1));
            CorruptInputException e = assertThrows(CorruptInputException.class, () -> decrypt(truncated));
            assertSame(CorruptInputException.class, e.getClass());
        }
    }

    @Test
    void endlesslyNestedElementsAreCorruptInputNotAGrowingStack() {
        byte[] nested = new byte[2 * 100_000];
        for (int i = 0; i < nested.length; i += 2) {
            nested[i] = (byte) 0xa0;
            nested[i + 1] = (byte) 0x80;
        }
        BerReader reader = new BerReader(new ByteArrayInputStream(nested));
        CorruptInputException e =
                assertThrows(CorruptInputException.class, () -> reader.readElement(reader.readHeader()));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());

        byte[] strings = nested.clone();
        for (int i = 2; i < strings.length; i += 2) {
            strings[i] = 0x24;
        }
        BerReader contentReader = new BerReader(new ByteArrayInputStream(strings));
        e = assertThrows(
                CorruptInputException.class,
                () -> new EncryptedContentStream(contentReader, contentReader.readHeader()).readAllBytes());
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    @Test
    void aHugeStructureElementIsRefusedWithoutBeingRead() {
        // A recipient set announcing 1 TiB: refused at once, not buffered.
        byte[] set = {0x31, (byte) 0x85, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02};
        BerReader reader = new BerReader(new ByteArrayInputStream(set));
        CorruptInputException e =
                assertThrows(CorruptInputException.class, () -> reader.readElement(reader.readHeader()));
        assertTrue(e.getMessage().contains("small one"), e.getMessage());
    }

    @Test
    void aChunkLongerThanItsStringIsCorruptInput() throws Exception {
        byte[] inner = tlv(0x04, new byte[100]);
        byte[] outer = new byte[6 + inner.length];
        outer[0] = (byte) 0xa0;
        outer[1] = (byte) 0x84;
        outer[5] = 50; // the string says 50 bytes; its chunk holds 106
        System.arraycopy(inner, 0, outer, 6, inner.length);
        BerReader reader = new BerReader(new ByteArrayInputStream(outer));
        CorruptInputException e = assertThrows(
                CorruptInputException.class,
                () -> new EncryptedContentStream(reader, reader.readHeader()).readAllBytes());
        assertTrue(e.getMessage().contains("overruns"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 9, 30, 40})
    void anElementLongerThanItsParentIsCorruptInput(int at) throws Exception {
        byte[] der = Files.readAllBytes(Fixtures.message("der.p7m"));
        byte[] bad = der.clone();
        bad[at] = (byte) 0x7f;
        assertThrows(CorruptInputException.class, () -> decrypt(bad));
    }

    @Test
    void anUnexpectedElementAmongTheChunksIsCorruptInput() throws Exception {
        byte[] encoded = {(byte) 0xa0, (byte) 0x80, 0x02, 0x01, 0x05, 0x00, 0x00};
        BerReader reader = new BerReader(new ByteArrayInputStream(encoded));
        CorruptInputException e = assertThrows(
                CorruptInputException.class,
                () -> new EncryptedContentStream(reader, reader.readHeader()).readAllBytes());
        assertTrue(e.getMessage().contains("tag 0x02"), e.getMessage());
    }

    @Test
    void highTagNumbersAreReadWholeAndOverlongOnesRefused() throws Exception {
        byte[] element = {(byte) 0x9f, (byte) 0x81, 0x01, 0x02, (byte) 0xaa, (byte) 0xbb, 0x05, 0x00};
        BerReader reader = new BerReader(new ByteArrayInputStream(element));
        BerReader.Header h = reader.readHeader();
        assertEquals(2, h.length());
        assertArrayEquals(Arrays.copyOf(element, 6), reader.readElement(h));
        assertEquals(0x05, reader.readHeader().tag(), "the next element starts right after");

        byte[] overlong = {(byte) 0x9f, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, 0x01, 0x00};
        BerReader bad = new BerReader(new ByteArrayInputStream(overlong));
        CorruptInputException e = assertThrows(CorruptInputException.class, bad::readHeader);
        assertTrue(e.getMessage().contains("tag number"), e.getMessage());
    }

    /** The case Bouncy Castle could not read even with re-encoding: long definite lengths inside an indefinite one. */
    @ParameterizedTest
    @ValueSource(strings = {"der.p7m", "gcm.p7m"})
    void longFormLengthsInsideAnIndefiniteOuterElementDecrypt(String name) throws Exception {
        byte[] longForm = longForm(Files.readAllBytes(Fixtures.message(name)));
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        mixed.write(0x30);
        mixed.write(0x80);
        mixed.write(longForm, 10, longForm.length - 10); // past the 0x30 0x88 + 8-byte length header
        mixed.write(new byte[2]);
        assertArrayEquals(payload(), decrypt(mixed.toByteArray()));
    }
}
