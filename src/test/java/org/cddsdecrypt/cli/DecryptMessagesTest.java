package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every encoding, content algorithm and recipient kind decrypts to the exact payload. */
class DecryptMessagesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
        "aes128.smime, rsa.key",
        "aes192.smime, rsa.key",
        "aes256.smime, rsa.key",
        "des3.smime, rsa.key",
        "stream.smime, rsa.key", // BER indefinite lengths
        "crlf.smime, rsa.key", // CRLF, folded headers, application/pkcs7-mime, 76 columns
        "der.p7m, rsa.key",
        "cms.pem, rsa.key", // BEGIN CMS
        "pkcs7.pem, rsa.key", // BEGIN PKCS7
        "gcm.smime, rsa.key", // AuthEnvelopedData, AES-256-GCM
        "gcm.p7m, rsa.key",
        "oaep.smime, rsa.key", // RSA-OAEP, SHA-256
        "oaep-sha1.smime, rsa.key",
        "ec.smime, ec.key", // ECDH key agreement, SEC1 key
        "ec.smime, ec-pkcs8.key",
        "multi.smime, rsa.key", // three recipients
        "multi.smime, ec.key",
        "multi.smime, other.key",
        "keyid.smime, rsa.key", // subject key identifier
        "rotated.smime, rsa2.key"
    })
    void decryptsToThePayload(String message, String key) throws Exception {
        Path out = dir.resolve("out.bin");
        Cli.Result r = new Cli().run("decrypt", "-k", Fixtures.key(key), "-o", out, Fixtures.message(message));
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err());
        assertArrayEquals(Files.readAllBytes(Fixtures.payload()), Files.readAllBytes(out));
    }

    @ParameterizedTest
    @CsvSource({"empty.smime"})
    void emptyPayloadGivesAnEmptyFile(String message) throws Exception {
        Path out = dir.resolve("out.bin");
        Cli.Result r = new Cli().run("decrypt", "-k", Fixtures.key("rsa.key"), "-o", out, Fixtures.message(message));
        assertEquals(0, r.code(), r::toString);
        assertEquals(0, Files.size(out));
    }

    /** Byte identity with what the reference tool writes for the same files. */
    @ParameterizedTest(name = "openssl {0} -decrypt -binary {1}")
    @CsvSource({"smime, aes256.smime", "smime, crlf.smime", "smime, stream.smime", "cms, gcm.smime", "cms, oaep.smime"})
    void sameBytesAsOpenssl(String opensslCommand, String message) throws Exception {
        Path reference = dir.resolve("openssl.out");
        Processes.Run openssl = Processes.run(
                "openssl",
                opensslCommand,
                "-decrypt",
                "-binary",
                "-inkey",
                Fixtures.key("rsa.key").toString(),
                "-in",
                Fixtures.message(message).toString(),
                "-out",
                reference.toString());
        assertEquals(0, openssl.code(), openssl.output());

        Path ours = dir.resolve("ours.out");
        Cli.Result r = new Cli().run("decrypt", "-k", Fixtures.key("rsa.key"), "-o", ours, Fixtures.message(message));
        assertEquals(0, r.code(), r::toString);
        assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(ours));
    }
}
