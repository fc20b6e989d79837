package org.cddsdecrypt.zip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntrySelectionTest {
    private static EntrySelection include(String... globs) {
        return EntrySelection.of(List.of(globs), List.of());
    }

    @Test
    void singleStarStaysWithinOneFolder() {
        EntrySelection s = include("*.jsonl");
        assertTrue(s.selects("marker.jsonl"));
        assertFalse(s.selects("interactions/part-0001.jsonl"));
        assertTrue(include("interactions/*/*/part-000?.jsonl").selects("interactions/2026/11/part-0001.jsonl"));
        assertFalse(include("interactions/*/part-0001.jsonl").selects("interactions/2026/11/part-0001.jsonl"));
    }

    @Test
    void doubleStarSpansFoldersIncludingNone() {
        EntrySelection s = include("**/*.jsonl");
        assertTrue(s.selects("top.jsonl"));
        assertTrue(s.selects("a/b/c/deep.jsonl"));
        assertFalse(s.selects("a/b/c/deep.json"));
        assertTrue(include("interactions/**/part-0001.jsonl").selects("interactions/part-0001.jsonl"));
        assertTrue(include("interactions/**/part-0001.jsonl").selects("interactions/2026/12/part-0001.jsonl"));
        assertTrue(include("**").selects("anything/at/all"));
    }

    @Test
    void aFolderPatternCoversItsSubtree() {
        assertTrue(include("interactions/2026").selects("interactions/2026/11/part-0002.jsonl"));
        assertTrue(include("interactions/2026/").selects("interactions/2026/11/part-0002.jsonl"));
        assertTrue(include("interactions/**").selects("interactions/2026/11/part-0002.jsonl"));
        assertTrue(include("interactions/**").selects("interactions"));
        assertFalse(include("interactions/2026").selects("interactions/2026x/a"));
        assertFalse(include("interactions/2026").selects("interactions"));
    }

    @Test
    void excludesWinOverIncludes() {
        EntrySelection s = EntrySelection.of(List.of("interactions"), List.of("**/12"));
        assertTrue(s.selects("interactions/2026/11/part-0001.jsonl"));
        assertFalse(s.selects("interactions/2026/12/part-0001.jsonl"));
        assertFalse(s.selects("interactions/2026/12"));
        EntrySelection onlyExcludes = EntrySelection.of(List.of(), List.of("*.txt"));
        assertTrue(onlyExcludes.selects("a/marker.txt"));
        assertFalse(onlyExcludes.selects("marker.txt"));
    }

    @Test
    void classesQuestionMarksAndLiteralPunctuation() {
        assertTrue(include("file-0[1-3].bin").selects("file-02.bin"));
        assertFalse(include("file-0[1-3].bin").selects("file-04.bin"));
        assertTrue(include("file-0[!1-3].bin").selects("file-04.bin"));
        assertFalse(include("file-0?.bin").selects("file-0/.bin"));
        assertFalse(include("a.b").selects("axb"), "'.' is literal");
        assertTrue(include("contact history/a b.jsonl").selects("contact history/a b.jsonl"));
        assertTrue(include("données/été*").selects("données/été 2026.jsonl"));
        assertTrue(include("\\*star").selects("*star"));
        assertFalse(include("\\*star").selects("xstar"));
        assertTrue(include("(x)+{y}$^").selects("(x)+{y}$^"));
    }

    @Test
    void remembersWhichIncludesMatchedNothing() {
        EntrySelection s = include("alpha/**", "nothing/here");
        s.selects("alpha/file-01.bin");
        assertEquals(List.of("nothing/here"), s.unmatchedIncludes());
    }

    @Test
    void malformedPatternsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> include("file-[12"));
        assertThrows(IllegalArgumentException.class, () -> include("/"));
    }
}
