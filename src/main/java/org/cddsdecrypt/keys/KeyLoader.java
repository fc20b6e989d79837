package org.cddsdecrypt.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.bc.BcPEMDecryptorProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.io.FileErrors;

/**
 * Loads private keys (and the certificates that identify them) from files and directories: PKCS#8 PEM plain and
 * encrypted, PKCS#1 and SEC1 PEM plain and legacy-encrypted, DER PKCS#8, PKCS#12, and X.509 certificates.
 *
 * <p>A file named explicitly must load; in a directory, files that are no key material are skipped with a warning.
 */
public final class KeyLoader {
    private static final int MAX_KEY_FILE = 1024 * 1024;
    private static final int PROMPT_ATTEMPTS = 3;
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final PassphraseSource passphrases;
    private final Consumer<String> warnings;
    private final JcaPEMKeyConverter converter = new JcaPEMKeyConverter();

    public KeyLoader(PassphraseSource passphrases, Consumer<String> warnings) {
        this.passphrases = passphrases;
        this.warnings = warnings;
    }

    /** Loads every path (file or directory) and pairs loose certificates with their keys. */
    public KeyRing load(List<Path> paths) throws KeyException {
        Loaded loaded = new Loaded();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                loadDirectory(path, loaded);
            } else {
                int keysBefore = loaded.keys.size();
                loadFile(path, loaded);
                if (loaded.keys.size() > keysBefore) {
                    loadCompanionCertificates(path, loaded);
                }
            }
        }
        if (loaded.keys.isEmpty()) {
            throw new KeyException("no private key found in " + describe(paths)
                    + (loaded.skipped.isEmpty() ? "" : " (skipped: " + String.join("; ", loaded.skipped) + ")"));
        }
        List<KeyRing.LooseCertificate> certificates = loaded.distinctCertificates();
        List<KeyEntry> keys = pairWithCertificates(loaded.keys, certificates);
        return new KeyRing(keys, unpaired(keys, certificates), (key, certificate) -> {});
    }

    /**
     * The certificate files that may lie beside a key file named explicitly (in a key folder every file is read
     * anyway): the key's name with {@code .crt}, {@code .cer} or {@code .pem} for its extension, or with "key"
     * replaced by "cert" ({@code demo-key.pem} and {@code demo-cert.pem}). Only certificates are taken from them,
     * and only a certificate that carries the key's public key is paired with it.
     */
    static List<Path> companionNames(Path keyFile) {
        String name = keyFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Set<String> names = new java.util.LinkedHashSet<>(List.of(stem + ".crt", stem + ".cer", stem + ".pem"));
        int key = stem.toLowerCase(Locale.ROOT).lastIndexOf("key");
        if (key >= 0) {
            names.add(stem.substring(0, key) + "cert" + name.substring(key + 3));
        }
        names.remove(name);
        return names.stream().map(keyFile::resolveSibling).toList();
    }

    private void loadCompanionCertificates(Path keyFile, Loaded loaded) {
        for (Path candidate : companionNames(keyFile)) {
            if (!Files.isRegularFile(candidate)) {
                continue;
            }
            Loaded companion = new Loaded();
            try {
                loadFile(candidate, companion);
            } catch (KeyException e) {
                warnings.accept("skipping " + candidate + " beside key " + keyFile + ": " + e.getMessage());
            }
            companion.certificates.forEach(loaded::addCertificate);
        }
    }

    /** The loaded certificates that were paired with no key. */
    private static List<KeyRing.LooseCertificate> unpaired(
            List<KeyEntry> keys, List<KeyRing.LooseCertificate> certificates) {
        return certificates.stream()
                .filter(c -> keys.stream().noneMatch(k -> k.certificates().contains(c.certificate())))
                .toList();
    }

    private static String describe(List<Path> paths) {
        return paths.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("(no -k given)");
    }

    private void loadDirectory(Path dir, Loaded loaded) throws KeyException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new KeyException("cannot read key directory " + dir + ": " + e.getMessage(), e);
        }
        Collections.sort(files);
        for (Path file : files) {
            try {
                loadFile(file, loaded);
            } catch (KeyException e) {
                loaded.skipped.add(file.getFileName() + ": " + e.getMessage());
                warnings.accept("skipping " + file + ": " + e.getMessage());
            }
        }
    }

    private void loadFile(Path file, Loaded loaded) throws KeyException {
        byte[] bytes = readKeyFile(file);
        try {
            int keysBefore = loaded.keys.size();
            String javaStore = javaKeyStoreType(bytes);
            if (javaStore != null) {
                loaded.keys.addAll(withPassphrase(
                        file, pass -> keyStoreEntries(file, loadJavaKeyStore(javaStore, bytes, pass), pass)));
            } else if (isPkcs12(file, bytes)) {
                loadPkcs12(file, bytes, loaded);
            } else if (looksLikePem(bytes)) {
                loadPem(file, bytes, loaded);
            } else {
                loadDer(file, bytes, loaded);
            }
            if (loaded.keys.size() > keysBefore) {
                warnIfExposed(file);
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] readKeyFile(Path file) throws KeyException {
        try {
            if (Files.size(file) <= MAX_KEY_FILE) {
                return Files.readAllBytes(file);
            }
        } catch (IOException e) {
            throw new KeyException("key file " + file + ": " + FileErrors.reason(e), e);
        }
        throw new KeyException(file + " is too large to be a key file");
    }

    private void warnIfExposed(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                warnings.accept("key file " + file + " is accessible by group or others; run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    private static boolean isPkcs12(Path file, byte[] bytes) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return true;
        }
        if (bytes.length == 0 || bytes[0] != 0x30) {
            return false;
        }
        try {
            Pfx.getInstance(ASN1Primitive.fromByteArray(bytes));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** "JKS" or "JCEKS" by the magic number a Java key store starts with, or null. */
    private static String javaKeyStoreType(byte[] bytes) {
        if (bytes.length < 4) {
            return null;
        }
        int magic = java.nio.ByteBuffer.wrap(bytes, 0, 4).getInt();
        return magic == 0xFEEDFEED ? "JKS" : magic == 0xCECECECE ? "JCEKS" : null;
    }

    /** Through the JDK's KeyStore API, which knows both formats; the store and its keys share one passphrase. */
    private static KeyStore loadJavaKeyStore(String type, byte[] bytes, char[] pass)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(new ByteArrayInputStream(bytes), pass);
        return store;
    }

    private static boolean looksLikePem(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ");
    }

    private void loadPem(Path file, byte[] bytes, Loaded loaded) throws KeyException {
        int keysBefore = loaded.keys.size();
        int certsBefore = loaded.certificates.size();
        try (PEMParser parser = new PEMParser(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                addPemObject(file, item, loaded);
            }
        } catch (KeyException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new KeyException("cannot parse PEM file " + file + ": " + reason(e), e);
        }
        if (loaded.keys.size() == keysBefore && loaded.certificates.size() == certsBefore) {
            throw new KeyException(file + " holds no private key or certificate");
        }
        pairWithinFile(loaded, keysBefore, certsBefore);
    }

    /** A key and a certificate in one PEM file belong together even before public keys are compared. */
    private static void pairWithinFile(Loaded loaded, int keysBefore, int certsBefore) {
        List<X509Certificate> fileCerts = loaded.certificates.subList(certsBefore, loaded.certificates.size()).stream()
                .map(KeyRing.LooseCertificate::certificate)
                .toList();
        for (int i = keysBefore; i < loaded.keys.size(); i++) {
            KeyEntry key = loaded.keys.get(i);
            if (key.publicKey() == null && !fileCerts.isEmpty()) {
                loaded.keys.set(i, key.withCertificates(List.copyOf(fileCerts)));
            }
        }
    }

    private void addPemObject(Path file, Object item, Loaded loaded) throws IOException {
        if (item instanceof PEMKeyPair pair) {
            java.security.KeyPair kp = converter.getKeyPair(pair);
            loaded.keys.add(new KeyEntry(kp.getPrivate(), kp.getPublic(), List.of(), file.toString()));
        } else if (item instanceof PrivateKeyInfo info) {
            loaded.keys.add(entryFor(info, file));
        } else if (item instanceof PEMEncryptedKeyPair encrypted) {
            // Bouncy Castle's lightweight ciphers: no JCE provider to start (see decryptPkcs8).
            PEMKeyPair pair = withPassphrase(file, pass -> encrypted.decryptKeyPair(new BcPEMDecryptorProvider(pass)));
            addPemObject(file, pair, loaded);
        } else if (item instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            KdfLimits.check(encrypted.getEncryptionAlgorithm(), file.toString());
            PrivateKeyInfo info = withPassphrase(file, pass -> decryptPkcs8(encrypted, pass));
            loaded.keys.add(entryFor(info, file));
        } else if (item instanceof X509CertificateHolder holder) {
            loaded.addCertificate(new KeyRing.LooseCertificate(toCertificate(holder), file.toString()));
        }
        // Other PEM objects (EC PARAMETERS, CRLs, CSRs) carry no key material: ignored.
    }

    private void loadDer(Path file, byte[] bytes, Loaded loaded) throws KeyException {
        ASN1Primitive der;
        try {
            der = ASN1Primitive.fromByteArray(bytes);
        } catch (IOException | RuntimeException e) {
            throw new KeyException(file + " is not a key file (neither PEM, DER, PKCS#12, JKS nor JCEKS)");
        }
        try {
            loaded.keys.add(entryFor(PrivateKeyInfo.getInstance(der), file));
            return;
        } catch (RuntimeException notPrivateKeyInfo) {
            // not PKCS#8: try the next form
        }
        try {
            PKCS8EncryptedPrivateKeyInfo encrypted =
                    new PKCS8EncryptedPrivateKeyInfo(EncryptedPrivateKeyInfo.getInstance(der));
            KdfLimits.check(encrypted.getEncryptionAlgorithm(), file.toString());
            PrivateKeyInfo info = withPassphrase(file, pass -> decryptPkcs8(encrypted, pass));
            loaded.keys.add(entryFor(info, file));
            return;
        } catch (RuntimeException notEncrypted) {
            // try the next form
        }
        try {
            loaded.addCertificate(new KeyRing.LooseCertificate(
                    toCertificate(new X509CertificateHolder(der.getEncoded())), file.toString()));
        } catch (IOException | RuntimeException e) {
            throw new KeyException(file + " is DER but neither a PKCS#8 key, a certificate nor PKCS#12");
        }
    }

    /**
     * PKCS#8 decryption on the JDK's own API and providers: they cover what OpenSSL writes (PBES2 with PBKDF2 and
     * AES or 3DES, PKCS#12 PBE) without the ~0.5 s start of Bouncy Castle's provider, and a JDK that accepts only
     * signed JCE providers (Oracle's; the jars in lib/ are unsigned, see scripts/UnsignJars.java) still reads them.
     * (Bouncy Castle's JCE builder cannot use the JDK here: it asks for "AES/CBC/PKCS7Padding", a name the JDK does
     * not know.) Bouncy Castle's provider serves only schemes the JDK cannot set up, such as scrypt; a failure once
     * the cipher is set up is the passphrase's.
     */
    static PrivateKeyInfo decryptPkcs8(PKCS8EncryptedPrivateKeyInfo encrypted, char[] pass) throws Exception {
        javax.crypto.EncryptedPrivateKeyInfo jdk;
        Cipher cipher;
        PBEKeySpec spec = new PBEKeySpec(pass);
        try {
            jdk = new javax.crypto.EncryptedPrivateKeyInfo(encrypted.getEncoded());
            AlgorithmParameters parameters = jdk.getAlgParameters();
            // For PBES2 the parameters name the scheme in full ("PBEWithHmacSHA256AndAES_256").
            String scheme = parameters == null ? jdk.getAlgName() : parameters.toString();
            SecretKey key = SecretKeyFactory.getInstance(scheme).generateSecret(spec);
            cipher = Cipher.getInstance(scheme);
            cipher.init(Cipher.DECRYPT_MODE, key, parameters);
        } catch (GeneralSecurityException | IOException | RuntimeException jdkCannot) {
            return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BcProvider.get())
                    .build(pass));
        } finally {
            spec.clearPassword();
        }
        return PrivateKeyInfo.getInstance(jdk.getKeySpec(cipher).getEncoded());
    }

    /** The store and its keys are opened with one passphrase, as OpenSSL writes them (one prompt, not two). */
    private void loadPkcs12(Path file, byte[] bytes, Loaded loaded) throws KeyException {
        try {
            KdfLimits.checkMac(
                    Pfx.getInstance(ASN1Primitive.fromByteArray(bytes)).getMacData(), file.toString());
        } catch (KeyException e) {
            throw e;
        } catch (IOException | RuntimeException notParsedHere) {
            // The key store loaders report it.
        }
        List<KeyEntry> entries = withPassphrase(file, pass -> keyStoreEntries(file, loadKeyStore(bytes, pass), pass));
        loaded.keys.addAll(entries);
    }

    /**
     * Every private key of a key store, no alias needed. An entry whose key has a passphrase other than the
     * store's is skipped with a warning when another entry loads; when none does, that is the failure.
     */
    private List<KeyEntry> keyStoreEntries(Path file, KeyStore store, char[] pass)
            throws GeneralSecurityException, KeyException {
        List<KeyEntry> entries = new ArrayList<>();
        List<String> locked = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (!store.isKeyEntry(alias)) {
                continue;
            }
            java.security.Key found;
            try {
                found = store.getKey(alias, pass);
            } catch (java.security.UnrecoverableKeyException otherPassphrase) {
                locked.add(alias);
                continue;
            }
            if (!(found instanceof PrivateKey key)) {
                continue; // a secret key (JCEKS)
            }
            List<X509Certificate> chain = new ArrayList<>();
            Certificate[] certs = store.getCertificateChain(alias);
            for (Certificate c : certs == null ? new Certificate[0] : certs) {
                if (c instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            PublicKey pub =
                    chain.isEmpty() ? publicKeyOf(key, null) : chain.get(0).getPublicKey();
            entries.add(new KeyEntry(key, pub, chain, file.toString()));
        }
        if (!locked.isEmpty()) {
            String which = "the key of entry '" + String.join("', '", locked) + "' in " + file + " has a passphrase "
                    + "other than the store's (cdds-decrypt uses one for both; keytool -keypasswd changes it)";
            if (entries.isEmpty()) {
                throw new KeyException(which);
            }
            warnings.accept("skipping " + which);
        }
        return entries;
    }

    /** JDK's PKCS#12 first (fast, no provider start-up); Bouncy Castle's for what the JDK lacks (PBMAC1…). */
    private static KeyStore loadKeyStore(byte[] bytes, char[] pass) throws GeneralSecurityException, IOException {
        try {
            KeyStore jdk = KeyStore.getInstance("PKCS12");
            jdk.load(new ByteArrayInputStream(bytes), pass);
            return jdk;
        } catch (IOException e) {
            // The JDK refuses iteration counts over 5 million; Bouncy Castle would run them (for hours).
            if (isWrongPassword(e) || String.valueOf(e.getMessage()).contains("iteration count")) {
                throw e;
            }
            KeyStore bc = KeyStore.getInstance("PKCS12", BcProvider.get());
            bc.load(new ByteArrayInputStream(bytes), pass);
            return bc;
        }
    }

    private static boolean isWrongPassword(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.UnrecoverableKeyException
                    || t instanceof javax.crypto.BadPaddingException
                    || String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("password")) {
                return true;
            }
        }
        return false;
    }

    private interface Decryption<T> {
        T apply(char[] passphrase) throws Exception;
    }

    /** Runs {@code decryption} with a passphrase, asking again (on a terminal) when it is wrong; wipes each one. */
    private <T> T withPassphrase(Path file, Decryption<T> decryption) throws KeyException {
        int attempts = passphrases.canRetry() ? PROMPT_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            char[] pass = passphrases.passphraseFor(file.toString());
            if (pass == null) {
                throw new KeyException(file + " is encrypted: give its passphrase with --passin "
                        + "(env:VAR, file:PATH, fd:N or pass:TEXT), or run on a terminal to be asked");
            }
            try {
                return decryption.apply(pass);
            } catch (KeyException e) {
                throw e;
            } catch (Exception e) {
                if (attempt >= attempts) {
                    throw isUnsupported(e)
                            ? new KeyException("cannot decrypt " + file + ": its encryption is not supported here", e)
                            : new KeyException("wrong passphrase for " + file, e);
                }
                warnings.accept("wrong passphrase for " + file + ", try again");
            } finally {
                Arrays.fill(pass, '\0');
            }
        }
    }

    /**
     * A scheme neither the JDK nor Bouncy Castle has; any other failure once the scheme is set up is the
     * passphrase's (a bad padding, a MAC mismatch, or garbage where the key's structure should be).
     */
    private static boolean isUnsupported(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.NoSuchAlgorithmException
                    || t instanceof javax.crypto.NoSuchPaddingException
                    || t instanceof org.bouncycastle.operator.OperatorCreationException) {
                return true;
            }
        }
        return false;
    }

    private KeyEntry entryFor(PrivateKeyInfo info, Path file) throws KeyException {
        try {
            PrivateKey key = converter.getPrivateKey(info);
            return new KeyEntry(key, publicKeyOf(key, info), List.of(), file.toString());
        } catch (IOException | RuntimeException e) {
            throw new KeyException("unsupported or damaged private key in " + file + ": " + reason(e), e);
        }
    }

    /** Derives the public key where the file allows it: RSA from the CRT key, EC from the embedded point. */
    private PublicKey publicKeyOf(PrivateKey key, PrivateKeyInfo info) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (info != null
                    && X9ObjectIdentifiers.id_ecPublicKey.equals(
                            info.getPrivateKeyAlgorithm().getAlgorithm())) {
                org.bouncycastle.asn1.sec.ECPrivateKey ec =
                        org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
                if (ec.getPublicKey() != null) {
                    AlgorithmIdentifier alg = info.getPrivateKeyAlgorithm();
                    return converter.getPublicKey(
                            new SubjectPublicKeyInfo(alg, ec.getPublicKey().getBytes()));
                }
            }
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            // No public key: the key can still be tried against recipients.
        }
        return null;
    }

    private static X509Certificate toCertificate(X509CertificateHolder holder) throws KeyException {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException e) {
            throw new KeyException("unreadable certificate: " + reason(e), e);
        }
    }

    /** Attaches each loose certificate to the key whose public key it carries. */
    private static List<KeyEntry> pairWithCertificates(
            List<KeyEntry> keys, List<KeyRing.LooseCertificate> certificates) {
        List<KeyEntry> result = new ArrayList<>();
        for (KeyEntry key : keys) {
            List<X509Certificate> mine = new ArrayList<>();
            if (key.publicKey() != null) {
                byte[] pub = key.publicKey().getEncoded();
                for (X509Certificate cert : certificates.stream()
                        .map(KeyRing.LooseCertificate::certificate)
                        .toList()) {
                    if (Arrays.equals(pub, cert.getPublicKey().getEncoded())
                            && !key.certificates().contains(cert)) {
                        mine.add(cert);
                    }
                }
            }
            result.add(mine.isEmpty() ? key : key.withCertificates(mine));
        }
        return result;
    }

    static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static final class Loaded {
        final List<KeyEntry> keys = new ArrayList<>();
        final List<KeyRing.LooseCertificate> certificates = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();

        void addCertificate(KeyRing.LooseCertificate certificate) {
            certificates.add(certificate);
        }

        /** The certificates, each once: one may be met twice (in a key file and beside it, or given twice). */
        List<KeyRing.LooseCertificate> distinctCertificates() {
            List<KeyRing.LooseCertificate> distinct = new ArrayList<>();
            for (KeyRing.LooseCertificate c : certificates) {
                if (distinct.stream().noneMatch(d -> d.certificate().equals(c.certificate()))) {
                    distinct.add(c);
                }
            }
            return distinct;
        }
    }
}
