package org.cddsdecrypt.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.io.Untrusted;
import org.junit.jupiter.api.Test;

/**
 * Text from an input file reaches error messages without its control characters: a crafted file must not be able
 * to send escape sequences to the user's terminal. Found by ExtractFuzzTest (a PEM label with a tab).
 */
class UntrustedTextTest {
    private static String failure(String input) {
        return assertThrows(
                        CorruptInputException.class,
                        () -> Envelope.open(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1))))
                .getMessage();
    }

    private static void assertNoControls(String message) {
        assertFalse(message.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)), message);
    }

    @Test
    void controlCharactersAreShownAsEscapes() {
        assertEquals("a\\x1b[31mb\\x09c\\x9bd", Untrusted.text("a\u001b[31mb\tc\u009bd", 100));
        assertEquals("abc…", Untrusted.text("abcdef", 3));
    }

    @Test
    void aPemLabelCannotReachTheTerminal() {
        String m = failure("-----BEGIN \u001b]0;pwned\u0007 KEY-----\nAAAA\n");
        assertNoControls(m);
        assertTrue(m.contains("\\x1b]0;pwned\\x07"), m);
    }

    @Test
    void mimeHeadersCannotReachTheTerminal() {
        assertNoControls(failure("Content-Type: text/\u001b[2Jplain\n\nAAAA\n"));
        assertNoControls(
                failure("Content-Type: application/pkcs7-mime\nContent-Transfer-Encoding: x\u001b[2J\n\nAAAA\n"));
    }

    @Test
    void plainTextCannotReachTheTerminal() {
        assertNoControls(failure("hello \u001b[2J world, this is text and not a message at all\n"));
    }
}
