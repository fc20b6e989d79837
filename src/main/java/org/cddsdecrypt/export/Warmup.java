package org.cddsdecrypt.export;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Start-up work that every decryption needs, done on a second core while the first parses the command line and
 * loads the keys. Call it as early as possible in a process that is about to decrypt; it runs once per JVM.
 *
 * <ul>
 * <li>Loading and initialising Bouncy Castle's parser classes (their static tables of algorithm identifiers), which
 *     the main thread needs next for the key file and the message. When the jars were still signed this was the
 *     JVM verifying them, ~0.2 s; now it is mostly class initialisation (not measured on its own).
 * <li>HotSpot replaces AES-CBC decryption by its AES-NI intrinsic only once {@code CipherBlockChaining.implDecrypt}
 *     has been called some thousands of times; until then the content is decrypted by interpreted or C1 code at
 *     ~0.1–0.4 GB/s. Measured on a cold JVM: the first ~48 MiB of a part took 0.13 s, the rest 15 GB/s. Calling it
 *     20,000 times on one block of a throw-away key takes ~25 ms and gets the intrinsic compiled before the first
 *     part's content arrives.
 * </ul>
 *
 * Nothing here depends on the user's keys or data, and a failure only means a slower start, so it is ignored.
 */
public final class Warmup {
    private static final int CIPHER_CALLS = 20_000;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Warmup() {
    }

    /** Starts the warm-up on a daemon thread, the first time only. */
    public static void startInBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(Warmup::run, "cdds-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        loadBouncyCastle();
        primeCbcDecryption();
    }

    /** The entry classes of key-file and message parsing, one from each of Bouncy Castle's three jars. */
    private static void loadBouncyCastle() {
        ClassLoader loader = Warmup.class.getClassLoader();
        for (String name : new String[] {"org.bouncycastle.asn1.ASN1StreamParser",
            "org.bouncycastle.asn1.cms.EnvelopedDataParser", "org.bouncycastle.openssl.PEMParser"}) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return;
            }
        }
    }

    private static void primeCbcDecryption() {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(new byte[32], "AES"), new IvParameterSpec(new byte[16]));
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
