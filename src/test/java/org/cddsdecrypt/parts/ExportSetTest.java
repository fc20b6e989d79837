package org.cddsdecrypt.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.error.IncompleteExportException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.testing.Exports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportSetTest {
    private static final String A = "export-aaaaaaaa-0000-4000-8000-000000000001";
    private static final String B = "export-bbbbbbbb-0000-4000-8000-000000000002";

    @TempDir
    Path dir;

    private Path touch(String name) throws IOException {
        return Files.write(dir.resolve(name), new byte[] {1, 2, 3});
    }

    /** Segments .z01 … .z{last} and the .zip, all with {@code wrapper}. */
    private void splitSet(String base, int last, String wrapper) throws IOException {
        for (int n = 1; n <= last; n++) {
            touch(base + String.format(".z%02d", n) + wrapper);
        }
        touch(base + ".zip" + wrapper);
    }

    private static List<String> fileNames(ExportSet set) {
        List<String> names = new ArrayList<>();
        for (Part p : set.parts()) {
            names.add(p.fileName());
        }
        return names;
    }

    @Test
    void findsEverySiblingFromAnyPartInSegmentOrder() throws Exception {
        splitSet(A, 11, ".smime");
        for (String start : List.of(".z01.smime", ".z07.smime", ".z11.smime", ".zip.smime")) {
            ExportSet set = ExportSet.of(dir.resolve(A + start));
            List<String> names = fileNames(set);
            assertEquals(12, names.size(), start);
            assertEquals(A + ".z01.smime", names.get(0));
            assertEquals(A + ".z02.smime", names.get(1));
            assertEquals(A + ".z10.smime", names.get(9));
            assertEquals(A + ".zip.smime", names.get(11));
            assertEquals(A, set.name());
            assertTrue(set.isEncrypted());
            assertTrue(set.isSplit());
            assertEquals(List.of(), set.missing(0));
            assertEquals(dir.toAbsolutePath().normalize(), set.directory());
        }
    }

    @Test
    void numbersPastNinetyNineSortNumerically() throws Exception {
        splitSet(A, 102, ".smime");
        ExportSet set = ExportSet.of(dir.resolve(A + ".z100.smime"));
        List<String> names = fileNames(set);
        assertEquals(103, names.size());
        assertEquals(A + ".z99.smime", names.get(98));
        assertEquals(A + ".z100.smime", names.get(99));
        assertEquals(A + ".z101.smime", names.get(100));
        assertEquals(A + ".z102.smime", names.get(101));
        assertEquals(A + ".zip.smime", names.get(102));
        assertEquals(List.of(), set.missing(0));
        set.requireComplete(103);
    }

    @Test
    void missingPartsAreNamedIncludingNumbersPastNinetyNine() throws Exception {
        splitSet(A, 101, ".smime");
        Files.delete(dir.resolve(A + ".z04.smime"));
        Files.delete(dir.resolve(A + ".z100.smime"));
        ExportSet set = ExportSet.of(dir.resolve(A + ".z01.smime"));
        assertEquals(List.of(A + ".z04.smime", A + ".z100.smime"), set.missing(0));
        IncompleteExportException e = assertThrows(IncompleteExportException.class, () -> set.requireComplete(0));
        assertTrue(e.getMessage().contains(A + ".z04.smime"), e.getMessage());
        assertTrue(e.getMessage().contains(A + ".z100.smime"), e.getMessage());
    }

    @Test
    void missingFinalSegmentAndTailNamedFromExpectedCount() throws Exception {
        for (int n = 1; n <= 9; n++) {
            touch(A + String.format(".z%02d", n) + ".smime");
        }
        ExportSet set = ExportSet.of(dir.resolve(A + ".z03.smime"));
        assertEquals(List.of(A + ".zip.smime"), set.missing(0));
        // The end-of-central-directory record says 12 segments: .z10 and .z11 are missing too.
        assertEquals(List.of(A + ".z10.smime", A + ".z11.smime", A + ".zip.smime"), set.missing(12));
    }

    @Test
    void countDisagreeingWithTheDirectoryIsIncomplete() throws Exception {
        splitSet(A, 3, ".smime");
        ExportSet set = ExportSet.of(dir.resolve(A + ".zip.smime"));
        set.requireComplete(4);
        assertThrows(IncompleteExportException.class, () -> set.requireComplete(6));
    }

    @Test
    void nonCanonicalNumberingIsIgnored() throws Exception {
        splitSet(A, 3, ".smime");
        touch(A + ".z002.smime");
        touch(A + ".z004.smime");
        ExportSet set = ExportSet.of(dir.resolve(A + ".z01.smime"));
        assertEquals(List.of(A + ".z01.smime", A + ".z02.smime", A + ".z03.smime", A + ".zip.smime"), fileNames(set));
        UsageException e = assertThrows(UsageException.class, () -> ExportSet.of(dir.resolve(A + ".z002.smime")));
        assertTrue(e.getMessage().contains("not named like an export part"), e.getMessage());
    }

    @Test
    void otherExportsDuplicatesAndStrayFilesAreIgnored() throws Exception {
        splitSet(A, 2, ".smime");
        splitSet(B, 5, ".smime");
        touch(A + " (1).zip.smime");
        touch(A + ".z02 (1).smime");
        touch(A + ".zip.smime.crdownload");
        touch("notes.txt");
        touch("readme.zip");
        Files.createDirectory(dir.resolve(A + ".z09.smime")); // a folder named like a part is not a part
        ExportSet set = ExportSet.of(dir.resolve(A + ".z02.smime"));
        assertEquals(List.of(A + ".z01.smime", A + ".z02.smime", A + ".zip.smime"), fileNames(set));
        assertEquals(List.of(), set.missing(0));
        assertEquals(6, ExportSet.of(dir.resolve(B + ".zip.smime")).parts().size());
    }

    @Test
    void encryptedAndDecryptedSegmentsAreNotMixed() throws Exception {
        splitSet(A, 3, ".smime");
        touch(A + ".z01");
        touch(A + ".z02");
        ExportSet encrypted = ExportSet.of(dir.resolve(A + ".z02.smime"));
        assertEquals(4, encrypted.parts().size());
        assertTrue(encrypted.isEncrypted());
        ExportSet decrypted = ExportSet.of(dir.resolve(A + ".z01"));
        assertEquals(List.of(A + ".z01", A + ".z02"), fileNames(decrypted));
        assertFalse(decrypted.isEncrypted());
        assertEquals(List.of(A + ".zip"), decrypted.missing(0));
    }

    @Test
    void p7mAndPemWrappedSetsAreFound() throws Exception {
        splitSet(A, 2, ".p7m");
        splitSet(B, 2, ".pem");
        assertEquals(3, ExportSet.of(dir.resolve(A + ".z01.p7m")).parts().size());
        assertEquals(List.of(), ExportSet.of(dir.resolve(B + ".zip.pem")).missing(0));
    }

    @Test
    void wrapperCaseDoesNotSplitTheSet() throws Exception {
        touch(A + ".z01.SMIME");
        touch(A + ".z02.smime");
        touch(A + ".zip.Smime");
        ExportSet set = ExportSet.of(dir.resolve(A + ".z02.smime"));
        assertEquals(3, set.parts().size());
        assertEquals(List.of(), set.missing(0));
    }

    @Test
    void upperCaseSegmentExtensionIsFound() throws Exception {
        // Parts renamed on a case-insensitive file system, e.g. EXPORT.Z01.SMIME: the part pointed at must be found.
        touch(A + ".Z01.smime");
        touch(A + ".ZIP.smime");
        ExportSet set = ExportSet.of(dir.resolve(A + ".ZIP.smime"));
        assertEquals(List.of(A + ".Z01.smime", A + ".ZIP.smime"), fileNames(set));
        assertEquals(List.of(), set.missing(0));
    }

    @Test
    void unsplitExport() throws Exception {
        touch(A + ".zip.smime");
        ExportSet set = ExportSet.of(dir.resolve(A + ".zip.smime"));
        assertFalse(set.isSplit());
        assertEquals(List.of(A + ".zip.smime"), fileNames(set));
        assertTrue(set.finalPart().isPresent());
    }

    @Test
    void refusesWhatIsNotAPart() throws Exception {
        touch("notes.txt");
        assertThrows(UsageException.class, () -> ExportSet.of(dir.resolve("notes.txt")));
        assertThrows(UsageException.class, () -> ExportSet.of(dir.resolve(A + ".zip.smime")));
        assertThrows(UsageException.class, () -> ExportSet.of(dir));
    }

    @Test
    void fixtureFoldersWithNoise() throws Exception {
        // single/: a browser duplicate "… (1).zip.smime" and notes.txt beside the export.
        Exports.Export single = Exports.get("single");
        assertTrue(Files.exists(single.directory().resolve(single.name() + " (1).zip.smime")));
        assertTrue(Files.exists(single.directory().resolve("notes.txt")));
        ExportSet s = ExportSet.of(single.part(".zip.smime"));
        assertEquals(List.of(single.name() + ".zip.smime"), fileNames(s));

        // split12/: another export's .zip.smime and readme.txt beside the twelve parts.
        Exports.Export split12 = Exports.get("split12");
        ExportSet set = ExportSet.of(split12.part(".z07.smime"));
        assertEquals(12, set.parts().size());
        for (Part p : set.parts()) {
            assertEquals(split12.name(), p.name().base());
        }
        assertEquals(List.of(), set.missing(12));
        try (var listing = Files.list(split12.directory())) {
            assertEquals(14, listing.count(), "the fixture folder should hold the noise this test is about");
        }
    }

    @Test
    void missingPartsAreDescribedAsRangesAndCapped() throws Exception {
        touch(A + ".z01.smime");
        touch(A + ".z03.smime");
        touch(A + ".z60000.smime");
        ExportSet set = ExportSet.of(dir.resolve(A + ".z01.smime"));
        assertEquals(59_997 + 1, set.missing(0).size());
        assertEquals(
                A + ".z02.smime, " + A + ".z04.smime to " + A + ".z59999.smime (59996 parts), " + A + ".zip.smime",
                set.describeMissing(0));
        // An end record cannot extend the list past what a zip can number.
        assertEquals(
                ExportSet.MAX_SEGMENT_NUMBER - 3 + 1,
                set.missing(Integer.MAX_VALUE).size());
    }

    @Test
    void partsNumberedBeyondWhatAZipCanHaveAreNotParts() throws Exception {
        splitSet(A, 2, ".smime");
        touch(A + ".z65535.smime");
        touch(A + ".z65536.smime");
        touch(A + ".z2000000000.smime");
        ExportSet set = ExportSet.of(dir.resolve(A + ".zip.smime"));
        assertEquals(
                List.of(A + ".z01.smime", A + ".z02.smime", A + ".z65535.smime", A + ".zip.smime"), fileNames(set));
        assertEquals(List.of(A + ".z2000000000.smime", A + ".z65536.smime"), set.ignored());
        UsageException e = assertThrows(UsageException.class, () -> ExportSet.of(dir.resolve(A + ".z65536.smime")));
        assertTrue(e.getMessage().contains("is not part of an export"), e.getMessage());
        assertEquals(1, ExportSet.allIn(dir).size());
    }

    @Test
    void aMissingPartPresentAsABrowserDuplicateIsNamedAsSuch() throws Exception {
        splitSet(A, 6, ".smime");
        Files.move(dir.resolve(A + ".z05.smime"), dir.resolve(A + ".z05 (1).smime"));
        Files.delete(dir.resolve(A + ".z04.smime"));
        touch(A + ".z02 (1).smime"); // a duplicate of a part that is present: not mentioned
        ExportSet set = ExportSet.of(dir.resolve(A + ".zip.smime"));
        assertEquals(List.of(A + ".z04.smime", A + ".z05.smime"), set.missing(0));
        assertEquals(
                A + ".z04.smime, " + A + ".z05.smime (present only as the browser duplicate \"" + A
                        + ".z05 (1).smime\": rename it to " + A + ".z05.smime)",
                set.describeMissing(0));
        assertEquals(set.describeMissing(0), ExportSet.allIn(dir).get(0).describeMissing(0));
    }
}
