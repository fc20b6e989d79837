package org.cddsdecrypt.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key files whose passphrase derivation would run for hours or exhaust memory are refused at once: such files,
 * made from real ones by changing one parameter, would otherwise hang the tool (a fuzzer finds them quickly).
 */
class KdfLimitsTest {
    @TempDir
    Path tmp;

    private static KeyException load(Path file) {
        return assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThrows(
                        KeyException.class,
                        () -> new KeyLoader(PassphraseSource.parse("pass:secret", v -> null), w -> {})
                                .load(List.of(file))));
    }

    private static PKCS8EncryptedPrivateKeyInfo encryptedPkcs8(Path pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(pem)))) {
            return (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
        }
    }

    @Test
    void aPbkdf2IterationCountOfTwoBillionIsRefused() throws Exception {
        PKCS8EncryptedPrivateKeyInfo real = encryptedPkcs8(Fixtures.key("rsa-pkcs8-enc.key"));
        PBES2Parameters pbes2 =
                PBES2Parameters.getInstance(real.getEncryptionAlgorithm().getParameters());
        PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        PBKDF2Params slow = new PBKDF2Params(kdf.getSalt(), Integer.MAX_VALUE, kdf.getPrf());
        AlgorithmIdentifier alg = new AlgorithmIdentifier(
                PKCSObjectIdentifiers.id_PBES2,
                new PBES2Parameters(
                        new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, slow), pbes2.getEncryptionScheme()));
        Path file = Files.write(
                tmp.resolve("slow.der"), new EncryptedPrivateKeyInfo(alg, real.getEncryptedData()).getEncoded());
        KeyException e = load(file);
        assertTrue(e.getMessage().contains("2147483647 iterations"), e.getMessage());
    }

    /** An openssl-made scrypt key (N = 16384, r = 8, p = 1), which loads. */
    private Path ordinaryScryptKey() throws Exception {
        Path ordinary = tmp.resolve("scrypt.key");
        Process p = new ProcessBuilder(
                        "openssl",
                        "pkcs8",
                        "-topk8",
                        "-scrypt",
                        "-in",
                        Fixtures.key("rsa.key").toString(),
                        "-passout",
                        "pass:secret",
                        "-out",
                        ordinary.toString())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl pkcs8 -scrypt");
        return ordinary;
    }

    /** {@code ordinary} with scrypt's N, r and p replaced (null: kept). */
    private Path withScrypt(Path ordinary, String name, BigInteger n, BigInteger r, BigInteger p) throws Exception {
        PKCS8EncryptedPrivateKeyInfo real = encryptedPkcs8(ordinary);
        PBES2Parameters pbes2 =
                PBES2Parameters.getInstance(real.getEncryptionAlgorithm().getParameters());
        ASN1Sequence scrypt =
                ASN1Sequence.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        BigInteger[] replaced = {null, n, r, p};
        ASN1EncodableVector changed = new ASN1EncodableVector();
        for (int i = 0; i < scrypt.size(); i++) {
            changed.add(
                    i < replaced.length && replaced[i] != null ? new ASN1Integer(replaced[i]) : scrypt.getObjectAt(i));
        }
        AlgorithmIdentifier alg = new AlgorithmIdentifier(
                PKCSObjectIdentifiers.id_PBES2,
                new PBES2Parameters(
                        new KeyDerivationFunc(pbes2.getKeyDerivationFunc().getAlgorithm(), new DERSequence(changed)),
                        EncryptionScheme.getInstance(pbes2.getEncryptionScheme())));
        return Files.write(tmp.resolve(name), new EncryptedPrivateKeyInfo(alg, real.getEncryptedData()).getEncoded());
    }

    @Test
    void aScryptCostOfGigabytesIsRefusedAndAnOrdinaryOneLoads() throws Exception {
        Path ordinary = ordinaryScryptKey();
        assertFalse(new KeyLoader(PassphraseSource.parse("pass:secret", v -> null), w -> {})
                .load(List.of(ordinary))
                .keys()
                .isEmpty());
        KeyException e = load(withScrypt(ordinary, "hungry.der", BigInteger.ONE.shiftLeft(24), null, null));
        assertTrue(e.getMessage().contains("bytes of memory"), e.getMessage());
        assertEquals(ExitCode.KEY, e.exitCode());
    }

    /** N = 32768, r = 1, p = 200,000 needs under 32 MiB but would take most of an hour. */
    @Test
    void aScryptWorkFactorOfHoursIsRefusedThoughItsMemoryFits() throws Exception {
        BigInteger n = BigInteger.valueOf(32768);
        BigInteger p = BigInteger.valueOf(200_000);
        assertTrue(BigInteger.valueOf(128).multiply(n.add(p)).longValue() < KdfLimits.MAX_SCRYPT_BYTES);
        KeyException e = load(withScrypt(ordinaryScryptKey(), "slow-scrypt.der", n, BigInteger.ONE, p));
        assertTrue(e.getMessage().contains("N*r*p of 6553600000"), e.getMessage());
        assertEquals(ExitCode.KEY, e.exitCode());
    }

    @Test
    void aPkcs12MacIterationCountOfTwoBillionIsRefused() throws Exception {
        Pfx real = Pfx.getInstance(ASN1Primitive.fromByteArray(Files.readAllBytes(Fixtures.key("rsa.p12"))));
        MacData mac = real.getMacData();
        MacData slow = new MacData(mac.getMac(), mac.getSalt(), Integer.MAX_VALUE);
        Path file = Files.write(tmp.resolve("slow.p12"), new Pfx(real.getAuthSafe(), slow).getEncoded());
        KeyException e = load(file);
        assertTrue(e.getMessage().contains("iterations"), e.getMessage());
    }
}
