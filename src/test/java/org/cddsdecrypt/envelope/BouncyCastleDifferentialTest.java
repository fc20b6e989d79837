package org.cddsdecrypt.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.export.MessageDecryptor;
import org.cddsdecrypt.keys.KeyLoader;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.keys.PassphraseSource;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's CMS reading (Envelope, BerReader, CmsMessage, content decryption through MessageDecryptor) against
 * Bouncy Castle's {@code CMSEnvelopedDataParser}, on the RSA key-transport fixtures (EnvelopedData: openssl's
 * definite-length DER, its {@code -stream} BER with indefinite lengths and chunked content, OAEP, several
 * recipients, subject key identifiers, an empty payload, EC key agreement; and AES-GCM AuthEnvelopedData against
 * {@code CMSAuthEnvelopedDataParser}) and on seeded mutations of their DER: byte flips (mostly in the header, where
 * the reader makes its decisions), truncations, and edits of every length field.
 *
 * <p>For each input both must accept with the same content, or both reject. The differences that remain are
 * listed in {@link Difference} with the reason; docs/SECURITY.md ("Differential test against Bouncy Castle")
 * says the same. Any other difference fails the test, naming the seed and the mutation so that it can be
 * replayed. The project must also never fail with anything but its own documented exceptions.
 *
 * <p>Both sides have the RSA and the EC fixture key, without certificates, and try them on every recipient of the
 * matching kind (key transport, key agreement): the project does so for keys without a certificate, and Bouncy
 * Castle is given the same chance, so a flipped recipient identifier is no difference.
 */
class BouncyCastleDifferentialTest {
    private static final long SEED = 20261201L;
    private static final int FLIPS = 100;
    private static final int TRUNCATIONS = 40;
    private static final String UNDOCUMENTED = "not a CddsException: ";

    private static KeyRing keys;
    private static PrivateKey rsaKey;
    private static PrivateKey ecKey;
    /** Bouncy Castle unwraps the key on its own provider (the JDK lacks some OAEP forms, bc-java#1277)... */
    private static final Provider BC = new BouncyCastleProvider();
    /** ...and decrypts the content on the JDK's, which is many times faster than its lightweight AES. */
    private static final Provider JDK_AES = java.security.Security.getProvider("SunJCE");

    /** Outcome of reading one input: the SHA-256 of the content, or null when rejected (with why). */
    record Outcome(String contentSha256, String failure) {
        boolean accepted() {
            return contentSha256 != null;
        }

        @Override
        public String toString() {
            return accepted() ? "content " + contentSha256.substring(0, 16) : "rejected (" + failure + ")";
        }
    }

    /**
     * The known differences, each with its reason: a kind of damage the two readers treat differently by design.
     * A difference is explained by one only when the outcomes have exactly that shape.
     */
    enum Difference {
        /**
         * A definite length that disagrees with the structure: an element running past the end of the element
         * that holds it, or (AuthEnvelopedData) an EncryptedContentInfo said to end after its content does. The
         * project refuses the message (BerReader checks each nested length against its parent's, before anything
         * is decrypted; CmsMessage checks the MAC follows the content info's end); Bouncy Castle's streaming parser
         * does not compare them and reads on.
         */
        NESTING,
        /**
         * The damage lies after the encrypted content, in what only closes the message (end-of-contents octets,
         * where outer definite lengths end): the project stops reading once the content and its padding are
         * verified and gives exactly the original plaintext; Bouncy Castle reads the enclosing elements to their
         * end and reports a premature end of input.
         */
        AFTER_CONTENT,
        /**
         * The ContentInfo's content type is not envelopedData. The project refuses it (it chooses between
         * EnvelopedData and AuthEnvelopedData by it); Bouncy Castle's CMSEnvelopedDataParser never looks at it.
         */
        CONTENT_TYPE;

        /** The difference that explains this pair of outcomes, or null. */
        static Difference explaining(Outcome original, Outcome ours, Outcome theirs) {
            if (!ours.accepted() && theirs.accepted()) {
                if (ours.failure().startsWith("CMS message is not encrypted: content type")) {
                    return CONTENT_TYPE;
                }
                if (ours.failure().contains("overruns the one that holds it")
                        || ours.failure().equals("malformed AuthEnvelopedData: more after the encrypted content")) {
                    return NESTING;
                }
            }
            if (ours.accepted() && !theirs.accepted() && ours.contentSha256().equals(original.contentSha256())) {
                return AFTER_CONTENT;
            }
            return null;
        }
    }

    /** Bare keys, as Bouncy Castle's reader gets them: copied alone, so no certificate is found beside them. */
    @BeforeAll
    static void loadKeys(@org.junit.jupiter.api.io.TempDir Path bare) throws Exception {
        keys = new KeyLoader(PassphraseSource.none(), warning -> {})
                .load(List.of(
                        Files.copy(Fixtures.key("rsa.key"), bare.resolve("rsa.pem")),
                        Files.copy(Fixtures.key("ec.key"), bare.resolve("ec.pem"))));
        rsaKey = privateKey("rsa.key");
        ecKey = privateKey("ec.key");
    }

    private static PrivateKey privateKey(String name) throws IOException {
        try (Reader r = Files.newBufferedReader(Fixtures.key(name), StandardCharsets.US_ASCII);
                PEMParser pem = new PEMParser(r)) {
            Object o = pem.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return o instanceof PEMKeyPair pair
                    ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) o);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "aes256.smime",
                "stream.smime",
                "oaep.smime",
                "oaep-sha1.smime",
                "multi.smime",
                "keyid.smime",
                "empty.smime",
                "badpad.p7m",
                "truncated-der.p7m",
                "split12:.z01.smime",
                "gcm.smime",
                "gcm:.zip.smime",
                "ec.smime",
                "ec:.zip.smime"
            })
    void bothReadersAgreeOnTheFixtureAndItsMutations(String fixture) throws Exception {
        byte[] der = der(fixture);
        boolean authenticated = fixture.startsWith("gcm");
        Outcome original = project(der);
        Outcome bc = bouncyCastle(der, authenticated);
        assertEquals(original.accepted(), bc.accepted(), () -> fixture + " as is: " + original + " / " + bc);
        assertEquals(original.contentSha256(), bc.contentSha256(), fixture + " as is: the same content");
        if (!fixture.equals("badpad.p7m") && !fixture.startsWith("truncated")) {
            assertTrue(original.accepted(), fixture + ": " + original);
        }
        List<String> unexplained = new ArrayList<>();
        int cases = 0;
        for (Mutation m : mutations(der, new Random(SEED ^ fixture.hashCode()))) {
            byte[] mutated = m.apply().apply(der);
            if (Arrays.equals(mutated, der)) {
                continue;
            }
            cases++;
            Outcome ours = project(mutated);
            Outcome theirs = bouncyCastle(mutated, authenticated);
            boolean same = ours.accepted() == theirs.accepted()
                    && java.util.Objects.equals(ours.contentSha256(), theirs.contentSha256());
            if (!same && Difference.explaining(original, ours, theirs) == null) {
                unexplained.add(fixture + " " + m.name() + ": project " + ours + ", Bouncy Castle " + theirs);
            }
            assertTrue(
                    ours.accepted() || !ours.failure().startsWith(UNDOCUMENTED),
                    () -> fixture + " " + m.name() + ": " + ours);
        }
        assertEquals(List.of(), unexplained, "differences (seed " + SEED + ") no Difference explains");
        assertTrue(cases > 100, "mutations tried: " + cases);
    }

    /** AES-GCM belongs in AuthEnvelopedData (RFC 5083/5084): in EnvelopedData both readers refuse it. */
    @org.junit.jupiter.api.Test
    void aGcmContentCipherInEnvelopedDataIsRefusedByBoth() throws Exception {
        byte[] der = der("aes256.smime");
        byte[] cbc = NISTObjectIdentifiers.id_aes256_CBC.getEncoded();
        byte[] gcm = NISTObjectIdentifiers.id_aes256_GCM.getEncoded();
        String text = new String(der, StandardCharsets.ISO_8859_1);
        String oid = new String(cbc, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(oid);
        assertTrue(at > 0 && at == text.lastIndexOf(oid), "one AES-256-CBC OID");
        byte[] mutated = der.clone();
        System.arraycopy(gcm, 0, mutated, at, gcm.length);

        Outcome ours = project(mutated);
        assertEquals("malformed CMS message: AES-256-GCM content in EnvelopedData", ours.failure());
        assertTrue(!bouncyCastle(mutated).accepted(), "Bouncy Castle refuses it too");
    }

    /** The project: MessageDecryptor over the DER, read to the end (which checks the padding). */
    static Outcome project(byte[] der) {
        try (InputStream plain = new MessageDecryptor(keys).open(new ByteArrayInputStream(der), "input")) {
            return new Outcome(sha256(plain), null);
        } catch (CddsException e) {
            return new Outcome(null, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Outcome(null, UNDOCUMENTED + e);
        }
    }

    /** Bouncy Castle: CMSEnvelopedDataParser, the keys tried on each recipient of their kind in turn. */
    static Outcome bouncyCastle(byte[] der) {
        return bouncyCastle(der, false);
    }

    /**
     * Bouncy Castle's parser for EnvelopedData, or with {@code authenticated} its CMSAuthEnvelopedDataParser (which
     * reads the whole message before it gives any content: fine for fixtures).
     */
    static Outcome bouncyCastle(byte[] der, boolean authenticated) {
        String last = "no recipient for the keys";
        try {
            org.bouncycastle.cms.RecipientInformationStore recipients = authenticated
                    ? new org.bouncycastle.cms.CMSAuthEnvelopedDataParser(new ByteArrayInputStream(der))
                            .getRecipientInfos()
                    : new CMSEnvelopedDataParser(new ByteArrayInputStream(der)).getRecipientInfos();
            for (RecipientInformation r : recipients.getRecipients()) {
                org.bouncycastle.cms.Recipient recipient;
                if (r instanceof KeyTransRecipientInformation) {
                    recipient = authenticated
                            ? new JceKeyTransAuthEnvelopedRecipient(rsaKey).setProvider(BC)
                            : new JceKeyTransEnvelopedRecipient(rsaKey)
                                    .setProvider(BC)
                                    .setContentProvider(JDK_AES);
                } else if (r instanceof KeyAgreeRecipientInformation && !authenticated) {
                    recipient = new JceKeyAgreeEnvelopedRecipient(ecKey)
                            .setProvider(BC)
                            .setContentProvider(JDK_AES);
                } else {
                    continue;
                }
                InputStream content;
                try {
                    content = r.getContentStream(recipient).getContentStream();
                } catch (Exception unwrap) {
                    last = String.valueOf(unwrap);
                    continue;
                }
                return new Outcome(sha256(content), null);
            }
            return new Outcome(null, last);
        } catch (Exception | StackOverflowError e) {
            return new Outcome(null, String.valueOf(e));
        }
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Mutation(String name, UnaryOperator<byte[]> apply) {}

    /**
     * Byte flips (three in four within the first 2 KiB, where the structure and recipients are, the rest
     * anywhere), truncations (at every element header and at random), and for every length field: one more, one
     * less, and indefinite (0x80) on constructed elements.
     */
    static List<Mutation> mutations(byte[] der, Random random) {
        List<Mutation> all = new ArrayList<>();
        int header = Math.min(der.length, 2048);
        for (int i = 0; i < FLIPS; i++) {
            int at = i % 4 == 3 ? random.nextInt(der.length) : random.nextInt(header);
            int mask = 1 << random.nextInt(8);
            all.add(new Mutation("flip 0x" + Integer.toHexString(mask) + " at " + at, d -> {
                byte[] c = d.clone();
                c[at] ^= (byte) mask;
                return c;
            }));
        }
        List<Element> elements = Element.walk(der);
        for (Element e : elements) {
            all.add(truncation(e.start()));
            all.add(truncation(e.contentStart()));
            for (int delta : new int[] {1, -1}) {
                all.add(new Mutation(
                        "length " + (delta > 0 ? "+1" : "-1") + " at " + e.lengthAt(), d -> e.withLength(d, delta)));
            }
            if (e.constructed() && !e.indefinite()) {
                all.add(new Mutation("indefinite length at " + e.lengthAt(), d -> e.indefiniteInstead(d)));
            }
        }
        for (int i = 0; i < TRUNCATIONS; i++) {
            all.add(truncation(random.nextInt(der.length)));
        }
        all.add(truncation(der.length - 1));
        all.add(truncation(der.length - 2));
        return all;
    }

    private static Mutation truncation(int length) {
        return new Mutation("truncated to " + length, d -> Arrays.copyOf(d, Math.min(length, d.length)));
    }

    /** One BER element header: where it starts, where its length octets are, and what they say. */
    record Element(int start, int lengthAt, int lengthOctets, long length, boolean constructed, int contentStart) {
        boolean indefinite() {
            return length < 0;
        }

        /**
         * Every element of the structure, in order, down to the leaves; the content of primitive elements is not
         * entered (the encrypted content is one of them, or a constructed series of them).
         */
        static List<Element> walk(byte[] der) {
            List<Element> out = new ArrayList<>();
            walk(der, 0, der.length, 0, out);
            return out;
        }

        /** Walks the elements in [pos, end); returns where the walk stopped (after an end-of-contents, or end). */
        private static int walk(byte[] d, int pos, int end, int depth, List<Element> out) {
            while (pos + 2 <= end && depth < 32) {
                int start = pos;
                int tag = d[pos++] & 0xff;
                if ((tag & 0x1f) == 0x1f) {
                    while (pos < end && (d[pos] & 0x80) != 0) {
                        pos++;
                    }
                    pos++;
                }
                if (pos >= end) {
                    return end;
                }
                int lengthAt = pos;
                int first = d[pos++] & 0xff;
                long length;
                int octets = 1;
                if (first < 0x80) {
                    length = first;
                } else if (first == 0x80) {
                    length = -1;
                } else {
                    int n = first & 0x7f;
                    length = 0;
                    for (int i = 0; i < n && pos < end; i++) {
                        length = length << 8 | (d[pos++] & 0xff);
                    }
                    octets += n;
                }
                if (tag == 0 && length == 0) {
                    return pos; // end-of-contents
                }
                boolean constructed = (tag & 0x20) != 0;
                out.add(new Element(start, lengthAt, octets, length, constructed, pos));
                if (length < 0) {
                    pos = walk(d, pos, end, depth + 1, out);
                } else {
                    long contentEnd = Math.min(end, pos + length);
                    if (constructed) {
                        walk(d, pos, (int) contentEnd, depth + 1, out);
                    }
                    pos = (int) contentEnd;
                }
            }
            return end;
        }

        /** The element with its length changed by {@code delta} in the same number of octets (if it fits). */
        byte[] withLength(byte[] d, int delta) {
            byte[] c = d.clone();
            if (indefinite()) {
                c[lengthAt] = (byte) 0x7f; // an indefinite length made definite, and wrong
                return c;
            }
            long changed = length + delta;
            if (changed < 0) {
                return c;
            }
            if (lengthOctets == 1) {
                if (changed >= 0x80) {
                    return c;
                }
                c[lengthAt] = (byte) changed;
                return c;
            }
            for (int i = lengthOctets - 1; i >= 1; i--) {
                c[lengthAt + i] = (byte) changed;
                changed >>= 8;
            }
            return c;
        }

        /** The constructed element's definite length replaced by 0x80 (indefinite), octets shifted in. */
        byte[] indefiniteInstead(byte[] d) {
            byte[] c = new byte[d.length - lengthOctets + 1];
            System.arraycopy(d, 0, c, 0, lengthAt);
            c[lengthAt] = (byte) 0x80;
            System.arraycopy(d, lengthAt + lengthOctets, c, lengthAt + 1, d.length - lengthAt - lengthOctets);
            return c;
        }
    }

    /**
     * The DER of a fixture, unwrapped here without the project's code: S/MIME headers and PEM armour stripped,
     * Base64 decoded by the JDK. {@code split12:.z01.smime} is a part of the split12 export.
     */
    static byte[] der(String fixture) throws IOException {
        Path file;
        if (fixture.contains(":")) {
            String[] f = fixture.split(":", 2);
            file = Exports.get(f[0]).part(f[1]);
        } else {
            file = Fixtures.message(fixture);
        }
        byte[] raw = Files.readAllBytes(file);
        if (raw.length > 0 && (raw[0] & 0xff) == 0x30) {
            return raw;
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        if (text.startsWith("-----BEGIN ")) {
            text = text.substring(text.indexOf('\n') + 1, text.indexOf("-----END"));
        } else {
            int blank = text.indexOf("\r\n\r\n") >= 0 ? text.indexOf("\r\n\r\n") + 4 : text.indexOf("\n\n") + 2;
            text = text.substring(blank);
        }
        return Base64.getMimeDecoder().decode(text.strip());
    }
}
