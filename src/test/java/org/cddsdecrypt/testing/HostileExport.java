package org.cddsdecrypt.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An export made to attack the terminal, built with Bouncy Castle and Commons Compress (code we did not write):
 * a certificate whose common name holds escape sequences, and a zip whose entry names and comments do.
 */
public final class HostileExport {
    /** Retitles the terminal ({@code ESC ] 0 ; pwned BEL}) and clears it ({@code ESC [ 2 J}). */
    public static final String ESCAPES = "\u001b]0;pwned\u0007\u001b[2J";
    /** A right-to-left override: "invoice\u202efdp.exe" shows as "invoiceexe.pdf". */
    public static final String BIDI = "\u202e";

    public static final String CN = "cdds " + ESCAPES + " " + BIDI + "evil";
    /** Refused by extract (a control character); listed by list. */
    public static final String ESCAPE_ENTRY = "report" + ESCAPES + ".jsonl";
    /** Extracted (no control character), listed escaped. */
    public static final String BIDI_ENTRY = "invoice" + BIDI + "fdp.exe";

    public static final String UUID = "6e6e6e6e-0000-4000-8000-00000000beef";

    private HostileExport() {}

    /** The key file (private key and certificate, PEM) and the part, written into {@code dir}. */
    public record Made(Path key, Path part) {}

    /** Writes {@code hostile.pem} and {@code export-UUID.zip.smime} (S/MIME, base64) into {@code dir}. */
    public static Made write(Path dir) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            X500Name name =
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, CN).build();
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(new JcaX509v3CertificateBuilder(
                                    name,
                                    BigInteger.valueOf(0x1b07),
                                    new Date(System.currentTimeMillis() - 86_400_000L),
                                    new Date(System.currentTimeMillis() + 86_400_000L),
                                    name,
                                    pair.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null));
                writer.writeObject(cert);
            }
            Path key = Files.writeString(dir.resolve("hostile.pem"), pem.toString());
            Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            CMSEnvelopedDataGenerator cms = new CMSEnvelopedDataGenerator();
            cms.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(cert));
            byte[] der = cms.generate(
                            new CMSProcessableByteArray(zip()),
                            new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build())
                    .getEncoded();
            String smime = "MIME-Version: 1.0\n"
                    + "Content-Disposition: attachment; filename=\"smime.p7m\"\n"
                    + "Content-Type: application/x-pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\"\n"
                    + "Content-Transfer-Encoding: base64\n"
                    + "Content-Description: " + ESCAPES + "\n\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(der) + "\n";
            Path part = Files.writeString(dir.resolve("export-" + UUID + ".zip.smime"), smime);
            return new Made(key, part);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException | CMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            zip.setComment("comment " + ESCAPES);
            for (String entry : new String[] {"clean.txt", BIDI_ENTRY, ESCAPE_ENTRY}) {
                ZipArchiveEntry e = new ZipArchiveEntry(entry);
                e.setComment(ESCAPES);
                zip.putArchiveEntry(e);
                zip.write("plain text\n".getBytes(StandardCharsets.US_ASCII));
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
