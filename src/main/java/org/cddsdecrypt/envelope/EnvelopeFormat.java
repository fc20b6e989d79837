package org.cddsdecrypt.envelope;

/** How a CMS message is wrapped on disk. */
public enum EnvelopeFormat {
    /** MIME headers, a blank line, then Base64: what the service and {@code openssl smime} write. */
    SMIME("S/MIME"),
    /** {@code -----BEGIN PKCS7-----} or {@code -----BEGIN CMS-----}. */
    PEM("PEM"),
    /** Base64 of the DER with no headers at all. */
    BASE64("bare Base64"),
    /** Binary DER or BER. */
    DER("DER");

    private final String label;

    EnvelopeFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
