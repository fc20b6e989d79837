package org.cddsdecrypt.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartNameTest {
    private static final String BASE = "export-2b710a2c-0e7f-4918-983c-c02d108eaeb0";

    private static PartName parse(String name) {
        return PartName.parse(name).orElseThrow(() -> new AssertionError(name + " did not parse"));
    }

    @Test
    void numberedEncryptedSegment() {
        PartName p = parse(BASE + ".z07.smime");
        assertEquals(BASE, p.base());
        assertEquals(7, p.number());
        assertEquals(".smime", p.wrapper());
        assertTrue(p.isEncrypted());
        assertFalse(p.isFinal());
    }

    @Test
    void finalSegment() {
        PartName p = parse(BASE + ".zip.smime");
        assertEquals(BASE, p.base());
        assertTrue(p.isFinal());
        assertEquals(PartName.FINAL, p.number());
    }

    @Test
    void numbersPastNinetyNineAreNotPadded() {
        assertEquals(99, parse(BASE + ".z99.smime").number());
        assertEquals(100, parse(BASE + ".z100.smime").number());
        assertEquals(101, parse(BASE + ".z101.smime").number());
        assertEquals(1234, parse(BASE + ".z1234.p7m").number());
    }

    @Test
    void decryptedSegmentsHaveNoWrapper() {
        PartName seg = parse(BASE + ".z03");
        assertEquals(3, seg.number());
        assertEquals("", seg.wrapper());
        assertFalse(seg.isEncrypted());
        PartName zip = parse(BASE + ".zip");
        assertTrue(zip.isFinal());
        assertFalse(zip.isEncrypted());
    }

    @Test
    void otherWrappers() {
        assertEquals(".p7m", parse(BASE + ".z01.p7m").wrapper());
        assertEquals(".pem", parse(BASE + ".zip.pem").wrapper());
        assertEquals(".SMIME", parse(BASE + ".z02.SMIME").wrapper());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "notes.txt",
                "export.z00.smime",
                "export.z001.smime",
                "export.z1.smime",
                "export.zip.smime.txt",
                "export.z01.gpg",
                ".zip.smime",
                "export.tar.smime",
                "export.z0a.smime"
            })
    void notParts(String name) {
        assertEquals(Optional.empty(), PartName.parse(name), name);
    }

    @Test
    void browserDuplicateIsItsOwnBase() {
        // "… (1).zip.smime" parses, but as a different export: it never joins the original's set.
        PartName dup = parse(BASE + " (1).zip.smime");
        assertEquals(BASE + " (1)", dup.base());
        assertEquals(Optional.empty(), PartName.parse(BASE + ".z03 (1).smime"));
    }

    @Test
    void siblingKeepsBaseAndWrapperAndPadsToTwoDigits() {
        PartName p = parse(BASE + ".z50.smime");
        assertEquals(BASE + ".z01.smime", p.sibling(1));
        assertEquals(BASE + ".z09.smime", p.sibling(9));
        assertEquals(BASE + ".z10.smime", p.sibling(10));
        assertEquals(BASE + ".z100.smime", p.sibling(100));
        assertEquals(BASE + ".zip.smime", p.sibling(PartName.FINAL));
        assertEquals(BASE + ".z04", parse(BASE + ".zip").sibling(4));
        assertEquals(BASE + ".z50.smime", p.fileName());
    }

    @Test
    void fileNameIsCanonicalSpelling() {
        // ExportSet uses this to skip spellings such as .z001 that zip tools never write.
        assertEquals(BASE + ".z07.smime", parse(BASE + ".z07.smime").fileName());
        assertEquals(BASE + ".z100", parse(BASE + ".z100").fileName());
    }
}
