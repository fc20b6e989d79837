package org.cddsdecrypt.keys;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One Bouncy Castle provider instance, created on first use and never registered globally: commands that do not
 * unwrap keys (help, version, listing parts) do not pay its start-up cost, and bulk AES stays on the JDK's provider.
 */
final class BcProvider {
    private BcProvider() {}

    private static final class Holder {
        static final Provider INSTANCE = new BouncyCastleProvider();
    }

    static Provider get() {
        return Holder.INSTANCE;
    }
}
