package org.cddsdecrypt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sanitiser itself: what it escapes, how, and what it leaves alone. */
class UntrustedTest {
    @Test
    void controlsAreShownAsHexEscapes() {
        assertEquals("\\x1b]0;pwned\\x07\\x1b[2J", Untrusted.text("\u001b]0;pwned\u0007\u001b[2J"));
        assertEquals(
                "a\\x00b\\x0ac\\x0dd\\x09e\\x7ff\\x80g\\x9bh", Untrusted.text("a\0b\nc\rd\te\u007ff\u0080g\u009bh"));
    }

    @Test
    void bidirectionalControlsAreShownAsUnicodeEscapes() {
        for (char c = 0x202a; c <= 0x202e; c++) {
            assertEquals(String.format("x\\u%04xy", (int) c), Untrusted.text("x" + c + "y"));
        }
        for (char c = 0x2066; c <= 0x2069; c++) {
            assertEquals(String.format("x\\u%04xy", (int) c), Untrusted.text("x" + c + "y"));
        }
        assertEquals("invoice\\u202efdp.exe", Untrusted.text("invoice\u202efdp.exe"));
    }

    @Test
    void printableTextIsKeptAsItIs() {
        String text = "Réclamations-Köln/été 2026 (1) — 東京 \\x1b [a] \u00a0";
        assertTrue(Untrusted.isClean(text));
        assertEquals(text, Untrusted.text(text));
        assertFalse(Untrusted.isClean("a\u001bb"));
    }

    @Test
    void sanitisingTwiceChangesNothing() {
        String once = Untrusted.text("\u001b[31m\u202e\u0085red");
        assertEquals(once, Untrusted.text(once));
        assertTrue(Untrusted.isClean(once));
    }

    @Test
    void longTextIsCut() {
        assertEquals("abc…", Untrusted.text("abcdef", 3));
        assertEquals("abc", Untrusted.text("abc", 3));
    }

    @Test
    void linesKeepTheirEndsAndLeadingTabs() {
        assertEquals(
                "first \\x1b[2J\n\tat x.y(Z.java:1)\nlast\n",
                Untrusted.lines("first \u001b[2J\r\n\tat x.y(Z.java:1)\rlast\n"));
        assertEquals("", Untrusted.lines(""));
    }
}
