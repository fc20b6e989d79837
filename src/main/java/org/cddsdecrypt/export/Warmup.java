package org.cddsdecrypt.export;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Start-up work that decryption needs, done on a second core while the first parses the command line and loads
 * the keys. Each step runs at most once per JVM; nothing here depends on the user's keys or data, and a failure
 * only means a slower start, so it is ignored.
 *
 * <ul>
 * <li>{@link #startInBackground}: loading and initialising Bouncy Castle's parser classes (their static tables of
 *     algorithm identifiers), which the main thread needs next for the key file and the message. Every decrypting
 *     run needs them.
 * <li>{@link #expectContent}: HotSpot replaces AES-CBC decryption by its AES-NI intrinsic only once
 *     {@code CipherBlockChaining.implDecrypt} has been called some thousands of times; until then the start of the
 *     first part is decrypted by interpreted or C1 code, many times slower. Calling it {@value #CIPHER_CALLS} times
 *     on one block of a throw-away key gets the intrinsic compiled before the first part's content arrives. That
 *     costs CPU of its own, and the compilations it sets off compete with the main thread's on a two-core machine:
 *     for a small input, which the slow code decrypts in less time than the priming takes, it is skipped.
 * </ul>
 *
 * What each saves is measured in docs/PERFORMANCE.md ("Start-up", "Small parts", "Content decryption").
 */
public final class Warmup {
    private static final int CIPHER_CALLS = 20_000;
    /**
     * Inputs below this many bytes are decrypted without priming: even at the cold code's slowest (~0.1 GB/s) they
     * take less than the priming's own CPU time.
     */
    public static final long PRIMING_THRESHOLD = 2L * 1024 * 1024;

    private static final AtomicBoolean LOADING = new AtomicBoolean();
    private static final AtomicBoolean PRIMING = new AtomicBoolean();

    private Warmup() {}

    /** Loads Bouncy Castle's parser classes on a daemon thread, the first time only. */
    public static void startInBackground() {
        if (LOADING.compareAndSet(false, true)) {
            start(Warmup::loadBouncyCastle, "cdds-warmup");
        }
    }

    /**
     * Says that about {@code bytes} of encrypted input are about to be decrypted (negative: unknown, such as standard
     * input): for inputs that large, primes AES-CBC decryption on a daemon thread, the first time only.
     */
    public static void expectContent(long bytes) {
        if (worthPriming(bytes) && PRIMING.compareAndSet(false, true)) {
            start(new CbcPriming(), "cdds-warmup-cbc");
        }
    }

    static boolean worthPriming(long bytes) {
        return bytes < 0 || bytes >= PRIMING_THRESHOLD;
    }

    private static void start(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The entry classes of key-file and message parsing, one from each of Bouncy Castle's three jars. */
    private static void loadBouncyCastle() {
        ClassLoader loader = Warmup.class.getClassLoader();
        for (String name : new String[] {
            "org.bouncycastle.asn1.ASN1StreamParser",
            "org.bouncycastle.asn1.cms.EnvelopedDataParser",
            "org.bouncycastle.openssl.PEMParser"
        }) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return;
            }
        }
    }

    /** A class of its own so that a class-loading log shows whether a run primed (StartupWorkTest). */
    private static final class CbcPriming implements Runnable {
        @Override
        public void run() {
            try {
                Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
                cipher.init(
                        Cipher.DECRYPT_MODE, new SecretKeySpec(new byte[32], "AES"), new IvParameterSpec(new byte[16]));
                byte[] in = new byte[16];
                byte[] out = new byte[16];
                for (int i = 0; i < CIPHER_CALLS; i++) {
                    cipher.update(in, 0, in.length, out, 0);
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // Only a slower start.
            }
        }
    }
}
