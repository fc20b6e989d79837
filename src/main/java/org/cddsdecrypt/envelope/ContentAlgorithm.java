package org.cddsdecrypt.envelope;

import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;

/** The content-encryption algorithms the tool decrypts, by OID. */
public enum ContentAlgorithm {
    AES128_CBC(NISTObjectIdentifiers.id_aes128_CBC, "AES-128-CBC", "AES", 16, false),
    AES192_CBC(NISTObjectIdentifiers.id_aes192_CBC, "AES-192-CBC", "AES", 24, false),
    AES256_CBC(NISTObjectIdentifiers.id_aes256_CBC, "AES-256-CBC", "AES", 32, false),
    DES_EDE3_CBC(PKCSObjectIdentifiers.des_EDE3_CBC, "DES-EDE3-CBC", "DESede", 24, false),
    AES128_GCM(NISTObjectIdentifiers.id_aes128_GCM, "AES-128-GCM", "AES", 16, true),
    AES192_GCM(NISTObjectIdentifiers.id_aes192_GCM, "AES-192-GCM", "AES", 24, true),
    AES256_GCM(NISTObjectIdentifiers.id_aes256_GCM, "AES-256-GCM", "AES", 32, true);

    private static final Map<ASN1ObjectIdentifier, ContentAlgorithm> BY_OID = Map.of(
            AES128_CBC.oid,
            AES128_CBC,
            AES192_CBC.oid,
            AES192_CBC,
            AES256_CBC.oid,
            AES256_CBC,
            DES_EDE3_CBC.oid,
            DES_EDE3_CBC,
            AES128_GCM.oid,
            AES128_GCM,
            AES192_GCM.oid,
            AES192_GCM,
            AES256_GCM.oid,
            AES256_GCM);

    private final ASN1ObjectIdentifier oid;
    private final String displayName;
    private final String jceName;
    private final int keyLength;
    private final boolean aead;

    ContentAlgorithm(ASN1ObjectIdentifier oid, String displayName, String jceName, int keyLength, boolean aead) {
        this.oid = oid;
        this.displayName = displayName;
        this.jceName = jceName;
        this.keyLength = keyLength;
        this.aead = aead;
    }

    /** The algorithm for an OID, or null if unsupported. */
    public static ContentAlgorithm forOid(ASN1ObjectIdentifier oid) {
        return BY_OID.get(oid);
    }

    public String displayName() {
        return displayName;
    }

    public String jceName() {
        return jceName;
    }

    public int keyLength() {
        return keyLength;
    }

    public boolean isAead() {
        return aead;
    }
}
