package org.cddsdecrypt.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.output.AtomicFile;
import org.cddsdecrypt.output.FileSync;
import org.cddsdecrypt.output.Permissions;

/**
 * Makes what the service asks for: an RSA key and a self-signed X.509 v3 certificate for S/MIME encryption to it
 * (and, for organisations whose CA issues the certificate, a PKCS#10 request), written atomically.
 *
 * <p>The key file is PKCS#8 PEM, encrypted with AES-256-CBC under PBKDF2-HMAC-SHA256 (what {@code openssl pkey}
 * reads), or plain when no passphrase is given; it is created owner-only, and its certificate follows the key in
 * it, so that the key file alone tells which certificate it belongs to. The certificate file is public: it is
 * what the user uploads. No file is replaced unless asked, and none is written when any of them is refused.
 */
public final class KeyGenerator {
    public static final List<Integer> KEY_SIZES = List.of(2048, 3072, 4096);
    public static final int DEFAULT_KEY_SIZE = 3072;
    public static final int DEFAULT_DAYS = 730;
    public static final int MAX_DAYS = 36_500;
    /** OWASP's figure for PBKDF2-HMAC-SHA256; each load of the key pays it once (docs/PERFORMANCE.md). */
    static final int PBKDF2_ITERATIONS = 600_000;
    /** A service whose clock is a little behind still takes a certificate uploaded the moment it was made. */
    private static final Duration BACKDATING = Duration.ofHours(1);

    private static final String SIGNATURE = "SHA256withRSA";

    private KeyGenerator() {}

    /**
     * What to make and where.
     *
     * @param requestFile where the PKCS#10 request goes, or null for none
     * @param subject the subject as RFC 4514 ({@code CN=a,O=b}) or openssl ({@code /O=b/CN=a}) text, or null for
     *     {@code CN=cdds-decrypt <host> <date>}
     * @param replace whether existing files may be replaced
     */
    public record Request(
            Path keyFile,
            Path certificateFile,
            Path requestFile,
            int keySize,
            String subject,
            int days,
            boolean replace) {}

    /** What was made: where the files went and the certificate's facts. */
    public record Result(
            Path keyFile,
            Path certificateFile,
            Path requestFile,
            int keySize,
            boolean encrypted,
            CertificateFacts certificate) {}

    /** The new key's passphrase, asked once the files are known to be writable; null for an unencrypted key. */
    @FunctionalInterface
    public interface Passphrase {
        char[] get() throws CddsException;
    }

    /** Checks the request, makes the key, certificate and request, and writes them. The passphrase is wiped. */
    public static Result generate(Request request, Passphrase passphrase, Clock clock) throws IOException {
        X500Name subject = subjectOf(request, clock);
        check(request);
        List<Path> newFolders = createFolders(request);
        boolean written = false;
        try (AtomicFile key = AtomicFile.create(request.keyFile(), request.replace(), Permissions.OWNER_ONLY, "--key");
                AtomicFile cert =
                        AtomicFile.create(request.certificateFile(), request.replace(), Permissions.UMASK, "--cert");
                AtomicFile csr = request.requestFile() == null
                        ? null
                        : AtomicFile.create(request.requestFile(), request.replace(), Permissions.UMASK, "--csr")) {
            char[] pass = passphrase.get();
            try {
                KeyPair pair = newKeyPair(request.keySize());
                X509Certificate certificate = selfSigned(pair, subject, clock.instant(), request.days());
                write(key, keyPem(pair, certificate, pass));
                write(cert, pem(certificate));
                if (csr != null) {
                    write(csr, pem(certificationRequest(pair, subject)));
                }
                key.commit();
                cert.commit();
                if (csr != null) {
                    csr.commit();
                }
                written = true;
                return new Result(
                        request.keyFile(),
                        request.certificateFile(),
                        request.requestFile(),
                        request.keySize(),
                        pass != null,
                        CertificateFacts.of(certificate));
            } finally {
                if (pass != null) {
                    Arrays.fill(pass, '\0');
                }
            }
        } finally {
            if (!written) {
                removeEmpty(newFolders);
            }
        }
    }

    private static void check(Request request) throws UsageException {
        if (!KEY_SIZES.contains(request.keySize())) {
            throw new UsageException("--key-size " + request.keySize() + ": give 2048, 3072 or 4096 (bits)");
        }
        if (request.days() < 1 || request.days() > MAX_DAYS) {
            throw new UsageException("--days " + request.days() + ": give a number of days from 1 to " + MAX_DAYS);
        }
        List<Path> files = new java.util.ArrayList<>(List.of(request.keyFile(), request.certificateFile()));
        if (request.requestFile() != null) {
            files.add(request.requestFile());
        }
        if (files.stream().map(f -> f.toAbsolutePath().normalize()).distinct().count() < files.size()) {
            throw new UsageException("--key, --cert and --csr must name three different files");
        }
    }

    /**
     * New folders for the files: the key's may hold more keys later, so each is made owner-only. Returns the
     * folders made, for {@link #removeEmpty} when nothing is written after all.
     */
    private static List<Path> createFolders(Request request) throws IOException {
        List<Path> made = new java.util.ArrayList<>();
        try {
            for (Path file : new Path[] {request.keyFile(), request.certificateFile(), request.requestFile()}) {
                List<Path> missing = new java.util.ArrayList<>();
                for (Path p = file == null ? null : file.toAbsolutePath().getParent();
                        p != null && !Files.exists(p);
                        p = p.getParent()) {
                    missing.add(0, p);
                }
                for (Path folder : missing) {
                    Permissions.OWNER_ONLY.createDirectory(folder);
                    made.add(folder);
                    FileSync.SYSTEM.directory(folder.getParent()); // its name survives a crash with the key
                }
            }
            return made;
        } catch (IOException e) {
            removeEmpty(made);
            throw OutputException.of("cannot create the folder of " + request.keyFile(), e);
        }
    }

    private static void removeEmpty(List<Path> folders) {
        List<Path> deepestFirst = folders.stream()
                .sorted(java.util.Comparator.comparingInt(Path::getNameCount).reversed())
                .toList();
        for (Path folder : deepestFirst) {
            try {
                Files.deleteIfExists(folder);
            } catch (IOException notEmptyOrGone) {
                // something else was put there: it stays
            }
        }
    }

    /** The subject given, in either form, or the default one. */
    static X500Name subjectOf(Request request, Clock clock) throws UsageException {
        String text = request.subject();
        if (text == null) {
            return new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(
                            BCStyle.CN,
                            "cdds-decrypt " + hostName() + " " + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .build();
        }
        try {
            RDN[] rdns = new X500Name(BCStyle.INSTANCE, text.startsWith("/") ? fromOpensslForm(text) : text).getRDNs();
            if (rdns.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            // RFC 4514 writes the most significant part last; Bouncy Castle keeps the order written.
            java.util.Collections.reverse(Arrays.asList(rdns));
            return new X500Name(BCStyle.INSTANCE, rdns);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--subject '" + text + "' is not a name such as 'CN=cdds-decrypt prod,O=Example' "
                    + "or '/O=Example/CN=cdds-decrypt prod'");
        }
    }

    /** openssl's {@code /O=b/CN=a} (most significant first) as RFC 4514 {@code CN=a,O=b}. */
    private static String fromOpensslForm(String text) {
        List<String> parts = new java.util.ArrayList<>(List.of(text.substring(1).split("(?<!\\\\)/")));
        java.util.Collections.reverse(parts);
        return String.join(
                ",",
                parts.stream()
                        .map(p -> p.replace("\\/", "/").replace(",", "\\,"))
                        .toList());
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("COMPUTERNAME"); // Windows; cheaper than a resolver call
        try {
            return fromEnvironment != null
                    ? fromEnvironment
                    : InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static KeyPair newKeyPair(int bits) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is required by every JDK", e);
        }
    }

    /**
     * keyUsage keyEncipherment (critical, with dataEncipherment), extendedKeyUsage emailProtection, a subject key
     * identifier, and a random positive serial of 16 bytes.
     */
    static X509Certificate selfSigned(KeyPair pair, X500Name subject, Instant now, int days) throws IOException {
        try {
            Instant notBefore = now.minus(BACKDATING);
            Instant notAfter = now.plus(Duration.ofDays(days));
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, randomSerial(), Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic());
            builder.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.dataEncipherment));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection));
            builder.addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(pair)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a certificate just built can be read", e);
        }
    }

    /** 16 random bytes, the top bit clear (positive) and the next one set (no shorter encoding). */
    private static BigInteger randomSerial() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        bytes[0] = (byte) (bytes[0] & 0x7F | 0x40);
        return new BigInteger(1, bytes);
    }

    /** The same subject and key, asking for the certificate's key usages. */
    private static PKCS10CertificationRequest certificationRequest(KeyPair pair, X500Name subject) throws IOException {
        ExtensionsGenerator wanted = new ExtensionsGenerator();
        wanted.addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.dataEncipherment));
        wanted.addExtension(
                Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection));
        Extensions extensions = wanted.generate();
        return new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions)
                .build(signer(pair));
    }

    private static ContentSigner signer(KeyPair pair) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(pair.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(SIGNATURE + " is required by every JDK", e);
        }
    }

    /**
     * The key as PKCS#8 PEM, encrypted when there is a passphrase, then its certificate. The buffers that held the
     * key are wiped; Bouncy Castle's encryptor is on its own provider, since the JDK has no name for the cipher it
     * asks for (see {@link KeyLoader#decryptPkcs8}).
     */
    private static byte[] keyPem(KeyPair pair, X509Certificate certificate, char[] pass) throws IOException {
        PemObject key;
        try {
            OutputEncryptor encryptor = pass == null
                    ? null
                    : new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                            .setPRF(PKCS8Generator.PRF_HMACSHA256)
                            .setIterationCount(PBKDF2_ITERATIONS)
                            .setRandom(new SecureRandom())
                            .setPassword(pass)
                            .setProvider(BcProvider.get())
                            .build();
            key = new JcaPKCS8Generator(pair.getPrivate(), encryptor).generate();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("AES-256-CBC with PBKDF2 is in Bouncy Castle", e);
        }
        WipedBuffer out = new WipedBuffer();
        try (JcaPEMWriter writer = new JcaPEMWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII))) {
            writer.writeObject(key);
            writer.writeObject(certificate);
        } finally {
            Arrays.fill(key.getContent(), (byte) 0);
        }
        return out.takeAndWipe();
    }

    private static byte[] pem(Object object) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JcaPEMWriter writer = new JcaPEMWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII))) {
            writer.writeObject(object);
        }
        return out.toByteArray();
    }

    private static void write(AtomicFile file, byte[] bytes) throws IOException {
        try {
            file.stream().write(bytes);
        } catch (IOException e) {
            throw OutputException.of("cannot write the new key's files", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A buffer large enough for a key and its certificate, so that no copy of them is left behind in growing. */
    private static final class WipedBuffer extends ByteArrayOutputStream {
        WipedBuffer() {
            super(16 * 1024);
        }

        byte[] takeAndWipe() {
            byte[] copy = toByteArray();
            Arrays.fill(buf, (byte) 0);
            return copy;
        }
    }
}
