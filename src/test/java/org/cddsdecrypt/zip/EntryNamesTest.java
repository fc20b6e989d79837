package org.cddsdecrypt.zip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.UnsafeContentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntryNamesTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a.txt|a.txt",
                "dir/|dir",
                "dir/sub/file.jsonl|dir/sub/file.jsonl",
                "./a//b|a/b",
                "a/./b/./c|a/b/c",
                "a///b/|a/b",
                "données/été 2026.jsonl|données/été 2026.jsonl",
                "contact history/a b.jsonl|contact history/a b.jsonl",
                "..a/b..|..a/b..",
                "a/...|a/..."
            })
    void acceptedNamesAreNormalised(String name, String expected) throws Exception {
        assertEquals(expected, EntryNames.safeRelative(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "a/../../evil.txt", "a/../b", "..", "../", "./../x", "dir/.."})
    void parentComponentsAreRefused(String name) {
        UnsafeContentException e = assertThrows(UnsafeContentException.class, () -> EntryNames.safeRelative(name));
        assertEquals(ExitCode.UNSAFE, e.exitCode());
        assertTrue(e.getMessage().contains("escapes"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/evil.txt", "/", "//server/share/x", "\\evil.txt", "\\\\server\\share"})
    void absolutePathsAreRefused(String name) {
        assertThrows(UnsafeContentException.class, () -> EntryNames.safeRelative(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C:evil.txt", "c:/Windows/evil.txt", "Z:\\evil.txt"})
    void driveLettersAreRefused(String name) {
        UnsafeContentException e = assertThrows(UnsafeContentException.class, () -> EntryNames.safeRelative(name));
        assertTrue(e.getMessage().contains("drive letter"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\..\\..\\evil.txt", "dir\\file.txt", "..\\evil.txt"})
    void backslashesAreRefused(String name) {
        assertThrows(UnsafeContentException.class, () -> EntryNames.safeRelative(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\u0000b", "evil\r.txt", "tab\there", "del\u007f", "\u001b[31mred"})
    void controlCharactersAreRefusedAndShownEscaped(String name) {
        UnsafeContentException e = assertThrows(UnsafeContentException.class, () -> EntryNames.safeRelative(name));
        // The message must stay one printable line.
        assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20 || c == 0x7f), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "./", "/.", "//"})
    void namesWithoutAComponentAreRefused(String name) {
        assertThrows(UnsafeContentException.class, () -> EntryNames.safeRelative(name));
    }
}
