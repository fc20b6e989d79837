package org.cddsdecrypt.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

class RecipientTest {
    private static Recipient withSerial(BigInteger serial) {
        return new Recipient(
                Recipient.Kind.KEY_TRANSPORT,
                new X500Name("CN=cdds-test-rsa"),
                serial,
                null,
                null,
                new byte[0],
                null,
                null);
    }

    /** {@code openssl x509 -serial} prints whole bytes: serial 0x0ABCDE is "0ABCDE", serial 5 is "05". */
    @Test
    void serialIsPrintedLikeOpenssl() {
        assertEquals("0ABCDE", withSerial(new BigInteger("0ABCDE", 16)).serialHex());
        assertEquals("05", withSerial(BigInteger.valueOf(5)).serialHex());
        assertEquals("00", withSerial(BigInteger.ZERO).serialHex());
        assertEquals(
                "4E7BCE751584B5B6A5059E607B0E41A392EE1331",
                withSerial(new BigInteger("4E7BCE751584B5B6A5059E607B0E41A392EE1331", 16))
                        .serialHex());
        assertEquals(
                "issuer \"CN=cdds-test-rsa\", serial 0F",
                withSerial(BigInteger.valueOf(15)).describe());
        assertNull(withSerial(null).serialHex());
    }
}
