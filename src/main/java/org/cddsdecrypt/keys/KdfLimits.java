package org.cddsdecrypt.keys;

import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.cddsdecrypt.error.KeyException;

/**
 * Refuses key files whose passphrase derivation would run for hours or exhaust memory before the passphrase is
 * even checked: an iteration count or scrypt cost taken from the file is otherwise used as it is. The limits sit
 * far above what OpenSSL, the JDK and key managers write (OpenSSL: 2,048 iterations, scrypt within 32 MiB).
 */
final class KdfLimits {
    /** PBKDF2-SHA256 runs about 2 million iterations a second: a few seconds at most. */
    static final long MAX_ITERATIONS = 10_000_000;
    /** OpenSSL's own default limit for scrypt ({@code SCRYPT_MAX_MEM}). */
    static final long MAX_SCRYPT_BYTES = 32L * 1024 * 1024;
    /**
     * scrypt's time grows with N·r·p, which the memory bound leaves open through p: N = 32768, r = 1, p = 200,000
     * fits in 32 MiB and runs for most of an hour. 2^23 is 64 times OpenSSL's default (N = 16384, r = 8, p = 1),
     * a few seconds at most.
     */
    static final long MAX_SCRYPT_WORK = 1L << 23;

    private static final ASN1ObjectIdentifier SCRYPT = new ASN1ObjectIdentifier("1.3.6.1.4.1.11591.4.11");

    private KdfLimits() {}

    /** Checks the algorithm of an encrypted PKCS#8 key (PBES2 with PBKDF2 or scrypt, or a PKCS#12 PBE scheme). */
    static void check(AlgorithmIdentifier encryption, String file) throws KeyException {
        try {
            ASN1ObjectIdentifier oid = encryption.getAlgorithm();
            if (PKCSObjectIdentifiers.id_PBES2.equals(oid)) {
                KeyDerivationFunc kdf =
                        PBES2Parameters.getInstance(encryption.getParameters()).getKeyDerivationFunc();
                if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
                    iterations(PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount(), file);
                } else if (SCRYPT.equals(kdf.getAlgorithm())) {
                    scrypt(ASN1Sequence.getInstance(kdf.getParameters()), file);
                }
            } else if (oid.on(PKCSObjectIdentifiers.pkcs_12PbeIds)) {
                iterations(
                        PKCS12PBEParams.getInstance(encryption.getParameters()).getIterations(), file);
            }
        } catch (RuntimeException malformed) {
            // Left to the decryption, which reports it as a bad key file.
        }
    }

    /** Checks the MAC of a PKCS#12 file (the JDK limits the rest of it; Bouncy Castle, its fallback, does not). */
    static void checkMac(MacData mac, String file) throws KeyException {
        if (mac != null) {
            iterations(mac.getIterationCount(), file);
        }
    }

    private static void iterations(BigInteger count, String file) throws KeyException {
        if (count.compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0) {
            throw new KeyException(file + ": the passphrase would be derived with " + count + " iterations, more "
                    + "than the " + MAX_ITERATIONS + " this tool allows (a damaged or hostile key file?)");
        }
    }

    private static void scrypt(ASN1Sequence params, String file) throws KeyException {
        BigInteger n = ASN1Integer.getInstance(params.getObjectAt(1)).getValue();
        BigInteger r = ASN1Integer.getInstance(params.getObjectAt(2)).getValue();
        BigInteger p = ASN1Integer.getInstance(params.getObjectAt(3)).getValue();
        BigInteger bytes = BigInteger.valueOf(128).multiply(r).multiply(n.add(p));
        if (bytes.compareTo(BigInteger.valueOf(MAX_SCRYPT_BYTES)) > 0) {
            throw new KeyException(file + ": the passphrase would be derived with scrypt using " + bytes
                    + " bytes of memory, more than the " + MAX_SCRYPT_BYTES + " OpenSSL allows (a damaged or hostile "
                    + "key file?)");
        }
        BigInteger work = n.multiply(r).multiply(p);
        if (work.compareTo(BigInteger.valueOf(MAX_SCRYPT_WORK)) > 0) {
            throw new KeyException(file + ": the passphrase would be derived with scrypt at a cost N*r*p of " + work
                    + ", more than the " + MAX_SCRYPT_WORK + " this tool allows (hours of work: a damaged or hostile "
                    + "key file?)");
        }
    }
}
