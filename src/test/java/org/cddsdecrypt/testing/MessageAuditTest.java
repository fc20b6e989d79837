package org.cddsdecrypt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit catches what it is for, and lets the tool's own words through. */
class MessageAuditTest {
    private static List<String> problems(String err, String... args) {
        return MessageAudit.problems(new MessageAudit.Run(List.of(args), 2, err));
    }

    @Test
    void javaAndLibraryTextIsCaught() {
        for (String bad : List.of(
                "cdds-decrypt: internal error: java.io.IOException: Is a directory",
                "cdds-decrypt: cannot read key file nosuch.pem: NoSuchFileException",
                "\tat org.cddsdecrypt.cli.Main.run(Main.java:34)",
                "cdds-decrypt: wrong passphrase or unsupported encryption (Cannot retrieve the PKCS8EncodedKeySpec)",
                "cdds-decrypt: Error: --move-done=DIR, --delete-done are mutually exclusive (specify only one)",
                "cdds-decrypt: Unmatched arguments from index 4: 'a.smime', 'b.smime'",
                "cdds-decrypt: bad data: org.bouncycastle.asn1.ASN1Exception",
                "cdds-decrypt: corrupt: Cannot invoke \"java.io.InputStream.read(byte[], int, int)\"")) {
            assertEquals(List.of(bad), problems("ok line\n" + bad + "\n", "extract"), bad);
        }
    }

    @Test
    void theToolsOwnWordsPass() {
        assertEquals(
                List.of(),
                problems(
                        "cdds-decrypt: key file nosuch.pem: no such file\n"
                                + "cdds-decrypt: warning: --include 'x' matched no entry of the export\n",
                        "extract"));
    }

    @Test
    void aVerboseRunMayShowItsStackTrace() {
        assertEquals(
                List.of(),
                problems("cdds-decrypt: x\njava.io.IOException: x\n\tat a.B.c(B.java:1)\n", "extract", "--verbose"));
    }

    @Test
    void theExtensionFailsAClassWhoseRunsPrintedJava() {
        MessageAudit.drain();
        MessageAudit.record(List.of("extract"), 1, "cdds-decrypt: internal error: java.lang.NullPointerException\n");
        AssertionError e = assertThrows(AssertionError.class, () -> new MessageAudit().afterAll(null));
        assertEquals(true, e.getMessage().contains("java.lang.NullPointerException"), e.getMessage());
        assertEquals(List.of(), MessageAudit.drain(), "each run is audited once");
    }
}
