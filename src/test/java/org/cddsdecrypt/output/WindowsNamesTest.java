package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WindowsNamesTest {
    @ParameterizedTest
    @CsvSource(
            delimiterString = " -> ",
            value = {
                "CON -> device name",
                "con -> device name",
                "Nul.txt -> device name",
                "data/aux.tar.gz -> device name",
                "PRN -> device name",
                "COM1 -> device name",
                "com9.json -> device name",
                "LPT1 -> device name",
                "lpt9 -> device name",
                "COM\u00b9 -> device name",
                "NUL .txt -> device name",
                "a/CON/b.txt -> device name",
                "report. -> ends in a dot",
                "'report ' -> ends in a dot or a space",
                "dir./a.txt -> ends in a dot",
                "a:b -> no :",
                "stream.txt:hidden -> no :",
                "what? -> no ?",
                "star* -> no *",
                "say\"hi\" -> no \"",
                "a<b -> no <",
                "a>b -> no >",
                "a|b -> no |"
            })
    void namesWindowsCannotHoldAreNamedWithTheReason(String name, String reason) {
        String problem = WindowsNames.problem(name);
        assertTrue(problem != null && problem.contains(reason), name + ": " + problem);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CONTACT.json",
                "console.log",
                "nullable/a.txt",
                "com10",
                "lpt",
                "COMA",
                "AUXILIARY.txt",
                "a.b.c",
                ".hidden",
                "data/2026-11-25T10.jsonl",
                "été 2026/a b.jsonl",
                "a/b c/d"
            })
    void namesWindowsCanHoldPass(String name) {
        assertEquals(null, WindowsNames.problem(name));
    }
}
