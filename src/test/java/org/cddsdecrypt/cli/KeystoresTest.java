package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cddsdecrypt.testing.Cli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java key stores made by keytool: the key in them decrypts what openssl encrypted to the certificate keytool
 * exported, through the store's passphrase and without an alias.
 */
class KeystoresTest {
    private static final String STORE_PASS = "st0re-pass-9c1e";

    @TempDir
    Path dir;

    /** keytool -genkeypair into {@code store}; returns the certificate it exports for {@code alias}. */
    private Path keypair(Path store, String type, String alias, String keyPass) throws Exception {
        keytool(
                "-genkeypair",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-alias",
                alias,
                "-dname",
                "CN=keytool " + alias,
                "-validity",
                "365",
                "-storetype",
                type,
                "-keystore",
                store.toString(),
                "-storepass",
                STORE_PASS,
                "-keypass",
                keyPass);
        Path cert = dir.resolve(alias + ".crt");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-storetype",
                type,
                "-keystore",
                store.toString(),
                "-storepass",
                STORE_PASS,
                "-file",
                cert.toString());
        return cert;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-noprompt"));
        command.addAll(List.of(args));
        Processes.Run run = Processes.run(null, Map.of(), command);
        assertEquals(0, run.code(), run.output());
    }

    private Path encryptTo(Path cert, Path payload) throws Exception {
        return new NewPair(null, cert, null).encrypt(payload, dir.resolve("export.zip.smime"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "JCEKS", "PKCS12"})
    void everyPrivateKeyEntryIsTriedWithoutAnAlias(String type) throws Exception {
        Path store = dir.resolve("store." + type.toLowerCase(java.util.Locale.ROOT));
        keypair(store, type, "unrelated", STORE_PASS);
        Path cert = keypair(store, type, "cdds", STORE_PASS);
        Path payload = NewPair.payload(dir);
        Path message = encryptTo(cert, payload);

        Path out = dir.resolve("out.bin");
        Cli.Result r = new Cli()
                .env("STORE_PASS", STORE_PASS)
                .run("decrypt", "-k", store, "--passin", "env:STORE_PASS", "-o", out, message);
        assertEquals(0, r.code(), r::toString);
        assertArrayEquals(Files.readAllBytes(payload), Files.readAllBytes(out));

        Cli.Result keys =
                new Cli().env("STORE_PASS", STORE_PASS).run("keys", "-k", store, "--passin", "env:STORE_PASS", message);
        assertEquals(0, keys.code(), keys::toString);
        assertEquals(3, keys.out().lines().count(), keys.out());
        assertTrue(keys.out().contains("certificate \"CN=keytool cdds\""), keys.out());
        assertTrue(keys.out().contains("export.zip.smime: opened by " + store), keys.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "JCEKS"})
    void aWrongStorePassphraseIsExitFourAndNotPrinted(String type) throws Exception {
        Path store = dir.resolve("store.ks");
        Path cert = keypair(store, type, "cdds", STORE_PASS);
        Path message = encryptTo(cert, NewPair.payload(dir));
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        store,
                        "--passin",
                        "pass:Wr0ng-" + STORE_PASS,
                        "-o",
                        dir.resolve("out.bin"),
                        message);
        assertEquals(4, r.code(), r::toString);
        assertTrue(r.err().contains("wrong passphrase for " + store), r.err());
        assertFalse(r.err().contains("Wr0ng"), r.err());
        assertFalse(Files.exists(dir.resolve("out.bin")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "JCEKS"})
    void aKeyWithItsOwnPassphraseIsNamed(String type) throws Exception {
        Path store = dir.resolve("store.ks");
        Path cert = keypair(store, type, "cdds", "other-key-pass");
        Cli.Result r = new Cli()
                .run(
                        "decrypt",
                        "-k",
                        store,
                        "--passin",
                        "pass:" + STORE_PASS,
                        "-o",
                        dir.resolve("out.bin"),
                        encryptTo(cert, NewPair.payload(dir)));
        assertEquals(4, r.code(), r::toString);
        assertTrue(
                r.err()
                        .contains("the key of entry 'cdds' in " + store + " has a passphrase other than the "
                                + "store's"),
                r.err());
        assertFalse(Files.exists(dir.resolve("out.bin")));
    }
}
