package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cddsdecrypt.export.Warmup;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.CliProcess;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run loads, seen from a fresh JVM's class-loading log: commands do no cryptographic start-up they do not
 * need (issue #4: no provider registration or key loading where a command does not need it), and the ones that
 * decrypt start it early on a second thread (Warmup) without ever creating Bouncy Castle's provider for RSA.
 *
 * <p>Each is a measured cost (docs/PERFORMANCE.md, "Start-up"): the command model that {@code --version} skips,
 * Bouncy Castle's provider (~0.5 s of CPU), the warm-up. The markers are our own classes, or the provider class
 * that Bouncy Castle documents; each one that is asserted absent is also shown present in a run that does that
 * work ({@link #everyMarkerShowsInARunThatDoesTheWork}), so a renamed class cannot make a check pass unseen.
 */
class StartupWorkTest {
    private static final String WARMUP = "org.cddsdecrypt.export.Warmup ";
    /** The class that primes AES-CBC decryption (see {@link Warmup}). */
    private static final String CBC_PRIMING = "org.cddsdecrypt.export.Warmup$CbcPriming ";

    private static final String BC_PROVIDER = "org.bouncycastle.jce.provider.BouncyCastleProvider ";
    private static final String KEY_LOADER = "org.cddsdecrypt.keys.KeyLoader ";
    /** The class whose {@code model} builds picocli's command model. */
    private static final String COMMAND_MODEL = "org.cddsdecrypt.cli.CddsDecryptCommand ";

    @TempDir
    Path tmp;

    private String classesLoadedBy(Object... args) throws Exception {
        Path log = tmp.resolve("classes-" + System.nanoTime() + ".log");
        Cli.Result r =
                new CliProcess().jvmOption("-Xlog:class+load=info:file=" + log).run(args);
        assertEquals(0, r.code(), r::toString);
        String loaded = Files.readString(log);
        assertTrue(loaded.contains("org.cddsdecrypt.cli.Main "), "the log lists the classes the run loaded");
        return loaded;
    }

    @Test
    void versionLoadsNoCryptographyAndNoCommandModel() throws Exception {
        String loaded = classesLoadedBy("--version");
        assertFalse(loaded.contains("org.bouncycastle."), "Bouncy Castle loaded");
        assertFalse(loaded.contains(WARMUP), "warm-up started");
        assertFalse(loaded.contains(COMMAND_MODEL), "command model built");
    }

    @Test
    void everyMarkerShowsInARunThatDoesTheWork() throws Exception {
        assertTrue(classesLoadedBy("info", "--version").contains(COMMAND_MODEL), "command model built");
        String ec = classesLoadedBy(
                "decrypt",
                "-q",
                "-k",
                Fixtures.key("ec.key"),
                "-o",
                tmp.resolve("plain-ec"),
                Fixtures.message("ec.smime"));
        // EC key agreement uses a KDF the JDK lacks, so this run needs Bouncy Castle's provider.
        assertTrue(ec.contains(BC_PROVIDER), "Bouncy Castle provider created");
        assertTrue(ec.contains("org.bouncycastle."), "Bouncy Castle loaded");
    }

    @Test
    void infoWithoutAKeyLoadsNoKeysAndNoProvider() throws Exception {
        String loaded = classesLoadedBy("info", Exports.get("split12").part(".zip.smime"));
        assertFalse(loaded.contains(WARMUP), "warm-up started");
        assertFalse(loaded.contains(KEY_LOADER), "keys loaded");
        assertFalse(loaded.contains(BC_PROVIDER), "Bouncy Castle provider created");
    }

    @Test
    void decryptWarmsUpButNeedsNoBouncyCastleProviderForRsa() throws Exception {
        String loaded = classesLoadedBy(
                "decrypt",
                "-q",
                "-k",
                Fixtures.key("rsa.key"),
                "-o",
                tmp.resolve("plain"),
                Fixtures.message("aes256.smime"));
        assertTrue(loaded.contains(WARMUP), "warm-up started");
        assertTrue(loaded.contains(KEY_LOADER), "keys loaded");
        assertFalse(loaded.contains(BC_PROVIDER), "Bouncy Castle provider created");
    }

    @Test
    void smallInputsAreDecryptedWithoutPrimingTheCipher() throws Exception {
        Path message = Fixtures.message("aes256.smime");
        Exports.Export split12 = Exports.get("split12");
        assertTrue(Files.size(message) < Warmup.PRIMING_THRESHOLD, "the message is small");
        assertTrue(sizeOf(split12.directory()) < Warmup.PRIMING_THRESHOLD, "the export is small");
        String decrypt =
                classesLoadedBy("decrypt", "-q", "-k", Fixtures.key("rsa.key"), "-o", tmp.resolve("plain"), message);
        assertTrue(decrypt.contains(WARMUP), "warm-up started");
        assertFalse(decrypt.contains(CBC_PRIMING), "cipher primed for a small message");
        String verify = classesLoadedBy("verify", "-q", "-k", Fixtures.key("rsa.key"), split12.part(".z01.smime"));
        assertFalse(verify.contains(CBC_PRIMING), "cipher primed for a small export");
    }

    @Test
    void largeInputsPrimeTheCipher() throws Exception {
        Exports.Export split100 = Exports.get("split100");
        assertTrue(sizeOf(split100.directory()) >= Warmup.PRIMING_THRESHOLD, "the export is large");
        assertTrue(
                classesLoadedBy("verify", "-q", "-k", Fixtures.key("rsa.key"), split100.part(".z01.smime"))
                        .contains(CBC_PRIMING),
                "cipher primed for a large export");
        // decrypt counts every file it is given: several small messages add up.
        List<Object> args = new ArrayList<>(List.of(
                "decrypt", "-q", "-k", Fixtures.key("rsa.key"), "-o", Files.createDirectory(tmp.resolve("many"))));
        long total = 0;
        for (String name : new String[] {
            "aes128.smime", "aes192.smime", "aes256.smime", "multi.smime", "stream.smime", "crlf.smime"
        }) {
            args.add(Fixtures.message(name));
            total += Files.size(Fixtures.message(name));
        }
        assertTrue(total >= Warmup.PRIMING_THRESHOLD, "the messages add up to a large input");
        assertTrue(classesLoadedBy(args.toArray()).contains(CBC_PRIMING), "cipher primed for large input in total");
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    /** Encrypted PKCS#8 (PBES2) and DEK-Info PEM keys are read without Bouncy Castle's provider (SECURITY.md). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rsa-pkcs8-enc.key", "rsa-pkcs1-enc.key"})
    void encryptedKeysNeedNoBouncyCastleProvider(String key) throws Exception {
        String loaded = classesLoadedBy(
                "decrypt",
                "-q",
                "-k",
                Fixtures.key(key),
                "--passin",
                "pass:secret",
                "-o",
                tmp.resolve("plain-" + key),
                Fixtures.message("aes256.smime"));
        assertFalse(loaded.contains(BC_PROVIDER), "Bouncy Castle provider created");
        assertTrue(Files.exists(tmp.resolve("plain-" + key)));
    }
}
