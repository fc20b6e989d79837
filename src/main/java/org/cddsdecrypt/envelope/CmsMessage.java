package org.cddsdecrypt.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1OctetStringParser;
import org.bouncycastle.asn1.ASN1SequenceParser;
import org.bouncycastle.asn1.ASN1SetParser;
import org.bouncycastle.asn1.ASN1StreamParser;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.cms.AuthEnvelopedDataParser;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfoParser;
import org.bouncycastle.asn1.cms.EncryptedContentInfoParser;
import org.bouncycastle.asn1.cms.EnvelopedDataParser;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.cddsdecrypt.CorruptInputException;

/**
 * A CMS EnvelopedData or AuthEnvelopedData message read as a stream: the header (recipients, algorithm) is parsed
 * up front, the encrypted content is decrypted while it is read and never held whole in memory.
 *
 * <p>Built on Bouncy Castle's streaming ASN.1 parsers rather than {@code CMSEnvelopedDataParser} because the latter
 * decrypts through a 512-byte {@code CipherInputStream} and its AuthEnvelopedData counterpart buffers the whole
 * plaintext (bc-java#2133). Lengths are not capped by the heap size (bc-java#1730); definite lengths of 2 GiB and
 * more, which Bouncy Castle cannot read, are re-encoded as indefinite ones ({@link LongLengthStream}).
 */
public final class CmsMessage {
    private final boolean authenticated;
    private final List<Recipient> recipients;
    private final AlgorithmIdentifier contentAlgorithmId;
    private final ContentAlgorithm contentAlgorithm;
    private final EncryptedContentInfoParser contentInfo;
    private final AuthEnvelopedDataParser authParser;

    private CmsMessage(boolean authenticated, List<Recipient> recipients, EncryptedContentInfoParser contentInfo,
            AuthEnvelopedDataParser authParser) {
        this.authenticated = authenticated;
        this.recipients = List.copyOf(recipients);
        this.contentInfo = contentInfo;
        this.contentAlgorithmId = contentInfo.getContentEncryptionAlgorithm();
        this.contentAlgorithm = ContentAlgorithm.forOid(contentAlgorithmId.getAlgorithm());
        this.authParser = authParser;
    }

    /** Parses the message header from a DER/BER stream, leaving the stream at the encrypted content. */
    public static CmsMessage parse(InputStream der) throws CorruptInputException {
        try {
            ASN1StreamParser parser = new ASN1StreamParser(LongLengthStream.wrap(der), Integer.MAX_VALUE);
            Object top = parser.readObject();
            if (!(top instanceof ASN1SequenceParser seq)) {
                throw new CorruptInputException("not a CMS message: no ContentInfo sequence");
            }
            ContentInfoParser contentInfo = new ContentInfoParser(seq);
            ASN1ObjectIdentifier type = contentInfo.getContentType();
            if (CMSObjectIdentifiers.envelopedData.equals(type)) {
                return parseEnveloped((ASN1SequenceParser) contentInfo.getContent(BERTags.SEQUENCE));
            }
            if (CMSObjectIdentifiers.authEnvelopedData.equals(type)) {
                return parseAuthEnveloped((ASN1SequenceParser) contentInfo.getContent(BERTags.SEQUENCE));
            }
            throw new CorruptInputException("CMS message is not encrypted: content type " + describeType(type));
        } catch (CorruptInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptInputException("malformed or truncated CMS message: " + reason(e), e);
        }
    }

    private static CmsMessage parseEnveloped(ASN1SequenceParser content) throws IOException {
        EnvelopedDataParser enveloped = new EnvelopedDataParser(content);
        enveloped.getOriginatorInfo();
        List<Recipient> recipients = readRecipients(enveloped.getRecipientInfos());
        return new CmsMessage(false, recipients, enveloped.getEncryptedContentInfo(), null);
    }

    private static CmsMessage parseAuthEnveloped(ASN1SequenceParser content) throws IOException {
        AuthEnvelopedDataParser auth = new AuthEnvelopedDataParser(content);
        auth.getOriginatorInfo();
        List<Recipient> recipients = readRecipients(auth.getRecipientInfos());
        return new CmsMessage(true, recipients, auth.getAuthEncryptedContentInfo(), auth);
    }

    private static List<Recipient> readRecipients(ASN1SetParser set) throws IOException {
        List<Recipient> result = new ArrayList<>();
        for (ASN1Encodable item = set.readObject(); item != null; item = set.readObject()) {
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
        return contentAlgorithm != null ? contentAlgorithm.displayName()
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
        InputStream ciphertext = openCiphertext();
        return authenticated
                ? GcmContentStream.open(ciphertext, contentKey, contentAlgorithmId, this::readMac)
                : CbcContentStream.open(ciphertext, contentKey, contentAlgorithm, contentAlgorithmId);
    }

    private InputStream openCiphertext() throws CorruptInputException {
        try {
            ASN1Encodable encrypted = contentInfo.getEncryptedContent(BERTags.OCTET_STRING);
            if (!(encrypted instanceof ASN1OctetStringParser octets)) {
                throw new CorruptInputException("CMS message carries no encrypted content (detached content?)");
            }
            return new TranslatingInputStream(octets.getOctetStream());
        } catch (CorruptInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptInputException("malformed CMS encrypted content: " + reason(e), e);
        }
    }

    /** Reads the GCM tag that follows the content in AuthEnvelopedData; only called after the content is drained. */
    private byte[] readMac() throws CorruptInputException {
        try {
            if (authParser.getAuthAttrs() != null) {
                throw new CorruptInputException(
                        "AuthEnvelopedData with authenticated attributes is not supported (they would be needed "
                                + "before the content)");
            }
            ASN1OctetString mac = authParser.getMac();
            return mac.getOctets();
        } catch (CorruptInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptInputException("malformed or truncated AuthEnvelopedData (no MAC): " + reason(e), e);
        }
    }

    static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
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

    /** Turns the ASN.1 layer's exceptions (truncation, bad lengths) into corrupt-input errors while streaming. */
    private static final class TranslatingInputStream extends java.io.FilterInputStream {
        TranslatingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (org.cddsdecrypt.CddsException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new CorruptInputException("truncated or malformed encrypted content: " + reason(e), e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }
}
