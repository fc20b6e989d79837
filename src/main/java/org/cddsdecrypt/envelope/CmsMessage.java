package org.cddsdecrypt.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.cddsdecrypt.error.CorruptInputException;

/**
 * A CMS EnvelopedData or AuthEnvelopedData message read as a stream: the header (recipients, algorithm) is parsed
 * up front, the encrypted content is decrypted while it is read and never held whole in memory.
 *
 * <p>The structure is walked by {@link BerReader} and each small element (recipient infos, algorithm identifier,
 * MAC) is decoded by Bouncy Castle; the encrypted content is streamed by {@link EncryptedContentStream}. Bouncy
 * Castle's {@code CMSEnvelopedDataParser} decrypts through a 512-byte {@code CipherInputStream}, its AuthEnvelopedData
 * counterpart buffers the whole plaintext (bc-java#2133), and its streaming ASN.1 parser is slow on the content and
 * cannot read definite lengths of 2 GiB or more (see BerReader).
 */
public final class CmsMessage {
    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int OID = 0x06;
    private static final int INTEGER = 0x02;
    private static final int CONTEXT_0_CONSTRUCTED = 0xa0;
    private static final int CONTEXT_1_CONSTRUCTED = 0xa1;
    private static final int CONTEXT_0_PRIMITIVE = 0x80;

    private final boolean authenticated;
    private final List<Recipient> recipients;
    private final AlgorithmIdentifier contentAlgorithmId;
    private final ContentAlgorithm contentAlgorithm;
    private final BerReader reader;
    /**
     * Where the EncryptedContentInfo ends (reader position), or {@link BerReader#INDEFINITE} when 00 00 ends it:
     * after the content, the MAC of AuthEnvelopedData follows.
     */
    private final long contentInfoEnd;

    private CmsMessage(
            boolean authenticated,
            List<Recipient> recipients,
            AlgorithmIdentifier contentAlgorithmId,
            BerReader reader,
            long contentInfoEnd) {
        this.authenticated = authenticated;
        this.recipients = List.copyOf(recipients);
        this.contentAlgorithmId = contentAlgorithmId;
        this.contentAlgorithm = ContentAlgorithm.forOid(contentAlgorithmId.getAlgorithm());
        this.reader = reader;
        this.contentInfoEnd = contentInfoEnd;
    }

    /** Parses the message header from a DER/BER stream, leaving the stream at the encrypted content. */
    public static CmsMessage parse(InputStream der) throws CorruptInputException {
        BerReader reader = new BerReader(der);
        try {
            BerReader.Header top = reader.readHeaderOrEnd();
            if (top == null || top.tag() != SEQUENCE) {
                throw new CorruptInputException("not a CMS message: no ContentInfo sequence");
            }
            reader.enter(top);
            ASN1ObjectIdentifier type = readOid(reader, "content type");
            boolean authenticated = CMSObjectIdentifiers.authEnvelopedData.equals(type);
            if (!authenticated && !CMSObjectIdentifiers.envelopedData.equals(type)) {
                throw new CorruptInputException("CMS message is not encrypted: content type " + describeType(type));
            }
            reader.enter(expect(reader.readHeader(), CONTEXT_0_CONSTRUCTED, "content"));
            reader.enter(expect(reader.readHeader(), SEQUENCE, authenticated ? "AuthEnvelopedData" : "EnvelopedData"));
            skipExpected(reader, INTEGER, "version");
            BerReader.Header next = reader.readHeader();
            if (next.tag() == CONTEXT_0_CONSTRUCTED) { // originatorInfo: certificates and CRLs, not needed
                reader.skipContent(next);
                next = reader.readHeader();
            }
            expect(next, SET, "recipient infos");
            List<Recipient> recipients = readRecipients(reader.readElement(next));
            BerReader.Header contentInfo = reader.readHeader();
            reader.enter(expect(contentInfo, SEQUENCE, "encrypted content info"));
            long contentInfoEnd =
                    contentInfo.indefinite() ? BerReader.INDEFINITE : reader.position() + contentInfo.length();
            readOid(reader, "encrypted content type");
            BerReader.Header algorithm = reader.readHeader();
            expect(algorithm, SEQUENCE, "content encryption algorithm");
            AlgorithmIdentifier algorithmId = AlgorithmIdentifier.getInstance(decode(reader.readElement(algorithm)));
            return new CmsMessage(authenticated, recipients, algorithmId, reader, contentInfoEnd);
        } catch (IOException | RuntimeException e) {
            throw CorruptInputException.of("malformed or truncated CMS message", e);
        }
    }

    private static BerReader.Header expect(BerReader.Header header, int tag, String what) throws CorruptInputException {
        if (header.tag() != tag) {
            throw new CorruptInputException(
                    String.format("malformed CMS message: tag 0x%02x where the %s belongs", header.tag(), what));
        }
        return header;
    }

    /** Reads past the next element, which must have {@code tag}. */
    private static void skipExpected(BerReader reader, int tag, String what) throws IOException {
        reader.skipContent(expect(reader.readHeader(), tag, what));
    }

    private static ASN1ObjectIdentifier readOid(BerReader reader, String what) throws IOException {
        BerReader.Header header = reader.readHeader();
        expect(header, OID, what);
        return ASN1ObjectIdentifier.getInstance(decode(reader.readElement(header)));
    }

    private static ASN1Primitive decode(byte[] element) throws IOException {
        return ASN1Primitive.fromByteArray(element);
    }

    private static List<Recipient> readRecipients(byte[] set) throws IOException {
        List<Recipient> result = new ArrayList<>();
        for (ASN1Encodable item : ASN1Set.getInstance(decode(set))) {
            result.addAll(RecipientInfos.flatten(RecipientInfo.getInstance(item.toASN1Primitive())));
        }
        return result;
    }

    public List<Recipient> recipients() {
        return recipients;
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    public AlgorithmIdentifier contentAlgorithmId() {
        return contentAlgorithmId;
    }

    /** The content cipher, or null when the tool does not support it. */
    public ContentAlgorithm contentAlgorithm() {
        return contentAlgorithm;
    }

    /** A readable name of the content cipher, also for unsupported ones (their OID). */
    public String contentAlgorithmName() {
        return contentAlgorithm != null
                ? contentAlgorithm.displayName()
                : contentAlgorithmId.getAlgorithm().getId();
    }

    /**
     * The decrypted content as a stream. Reaching its end verifies the CBC padding or the GCM tag and throws
     * {@link CorruptInputException} when that fails, so a caller that reads to the end has checked everything the
     * message can check.
     */
    public InputStream openContent(SecretKey contentKey) throws IOException {
        if (contentAlgorithm == null) {
            throw new CorruptInputException("unsupported content encryption algorithm " + contentAlgorithmName());
        }
        if (contentAlgorithm.isAead() != authenticated) { // RFC 5083: AEAD ciphers in AuthEnvelopedData only
            throw new CorruptInputException("malformed CMS message: " + contentAlgorithmName() + " content in "
                    + (authenticated ? "AuthEnvelopedData" : "EnvelopedData"));
        }
        InputStream ciphertext = openCiphertext();
        return authenticated
                ? GcmContentStream.open(ciphertext, contentKey, contentAlgorithmId, this::readMac)
                : CbcContentStream.open(ciphertext, contentKey, contentAlgorithm, contentAlgorithmId);
    }

    private InputStream openCiphertext() throws CorruptInputException {
        try {
            BerReader.Header content = contentEnded() ? null : reader.readHeader();
            if (content == null || (content.tag() != CONTEXT_0_PRIMITIVE && content.tag() != CONTEXT_0_CONSTRUCTED)) {
                throw new CorruptInputException("CMS message carries no encrypted content (detached content?)");
            }
            return new EncryptedContentStream(reader, content);
        } catch (IOException | RuntimeException e) {
            throw CorruptInputException.of("malformed CMS encrypted content", e);
        }
    }

    /** Whether the EncryptedContentInfo ends here: a definite one at its length, an indefinite one at 00 00. */
    private boolean contentEnded() {
        return contentInfoEnd != BerReader.INDEFINITE && reader.position() >= contentInfoEnd;
    }

    /**
     * Reads the GCM tag that follows the content in AuthEnvelopedData; only called after the content is drained.
     * What may follow it (unauthenticated attributes, end-of-contents) is not read.
     */
    private byte[] readMac() throws CorruptInputException {
        try {
            if (contentInfoEnd == BerReader.INDEFINITE) {
                BerReader.Header end = reader.readHeader();
                if (!end.isEndOfContents()) {
                    throw new CorruptInputException("malformed AuthEnvelopedData: more after the encrypted content");
                }
            } else if (reader.position() != contentInfoEnd) {
                throw new CorruptInputException("malformed AuthEnvelopedData: more after the encrypted content");
            }
            reader.leave();
            BerReader.Header next = reader.readHeader();
            if (next.tag() == CONTEXT_1_CONSTRUCTED) {
                throw new CorruptInputException(
                        "AuthEnvelopedData with authenticated attributes is not supported (they would be needed "
                                + "before the content)");
            }
            if (!next.isOctetString()) {
                throw new CorruptInputException(
                        String.format("malformed AuthEnvelopedData: tag 0x%02x where the MAC belongs", next.tag()));
            }
            return ASN1OctetString.getInstance(decode(reader.readElement(next))).getOctets();
        } catch (IOException | RuntimeException e) {
            throw CorruptInputException.of("malformed or truncated AuthEnvelopedData (no MAC)", e);
        }
    }

    private static String describeType(ASN1ObjectIdentifier type) {
        if (CMSObjectIdentifiers.signedData.equals(type)) {
            return "signedData (a signed, not encrypted, message)";
        }
        if (CMSObjectIdentifiers.data.equals(type)) {
            return "data";
        }
        return type.getId();
    }
}
