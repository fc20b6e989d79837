package org.cddsdecrypt.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.IncompleteExportException;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.keys.KeyLoader;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.keys.PassphraseSource;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.parts.Part;
import org.cddsdecrypt.parts.PartOpener;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Trees;
import org.cddsdecrypt.zip.CentralDirectoryEntry;
import org.cddsdecrypt.zip.EntrySink;
import org.cddsdecrypt.zip.Limits;
import org.cddsdecrypt.zip.ZipStreamExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportReaderTest {
    /** Records which parts were opened, in order (opens happen on the pipeline's worker threads). */
    static final class CountingOpener implements PartOpener {
        final PartOpener delegate;
        final List<String> opened = java.util.Collections.synchronizedList(new ArrayList<>());

        CountingOpener(PartOpener delegate) {
            this.delegate = delegate;
        }

        @Override
        public InputStream open(Part part) throws IOException {
            opened.add(part.fileName());
            return delegate.open(part);
        }
    }

    private static CountingOpener rsaOpener() {
        return new CountingOpener(new DecryptingPartOpener(() -> rsaKeys()));
    }

    static KeyRing rsaKeys() throws KeyException {
        return new KeyLoader(PassphraseSource.none(), w -> {}).load(List.of(Fixtures.key("rsa.key")));
    }

    /** The tree's entries as zip names: folders with a trailing slash. */
    private static Set<String> zipNames(Path tree) {
        Set<String> names = new java.util.TreeSet<>();
        Trees.shape(tree).forEach((path, kind) -> names.add(kind.equals("dir") ? path + "/" : path));
        return names;
    }

    @Test
    void listDecryptsOnlyTheLastSegmentsOfALargeSplitSet() throws Exception {
        Exports.Export split100 = Exports.get("split100");
        ExportSet set = ExportSet.of(split100.part(".z50.smime"));
        int parts = set.parts().size();
        assertTrue(parts > 100, "fixture has " + parts + " parts");
        CountingOpener opener = rsaOpener();

        List<CentralDirectoryEntry> entries = new ExportReader(opener, Limits.defaults()).list(set);

        Set<String> allowed = Set.of(
                split100.name() + ".zip.smime", set.parts().get(parts - 2).fileName());
        Set<String> distinct = new LinkedHashSet<>(opener.opened);
        assertTrue(allowed.containsAll(distinct), "list opened " + distinct);
        assertEquals(distinct.size(), opener.opened.size(), "a part decrypted twice: " + opener.opened);
        TreeMap<String, Long> sizes = new TreeMap<>();
        for (CentralDirectoryEntry e : entries) {
            sizes.put(e.name(), e.size());
        }
        assertEquals(zipNames(split100.treePath()), sizes.keySet());
        assertEquals(245_760L, sizes.get("part-a/file-01.bin"));
    }

    @Test
    void extractDecryptsEachPartOnceInOrderAfterReadingTheDirectoryRecord() throws Exception {
        Exports.Export split12 = Exports.get("split12");
        ExportSet set = ExportSet.of(split12.part(".z07.smime"));
        CountingOpener opener = rsaOpener();
        ZipStreamExtractor.Result result =
                new ExportReader(opener, Limits.defaults()).extract(set, EntrySink.discard());
        List<String> inOrder = set.parts().stream().map(Part::fileName).toList();
        // First the final segment's end record (how many segments there must be), then one pass over all. The
        // pipeline starts decrypting part n+1 while part n is read, so two neighbours may begin in either order.
        assertEquals(split12.name() + ".zip.smime", opener.opened.get(0));
        List<String> pass = opener.opened.subList(1, opener.opened.size());
        assertEquals(inOrder.size(), pass.size(), "each part decrypted exactly once: " + pass);
        for (int i = 0; i < pass.size(); i++) {
            assertTrue(Math.abs(inOrder.indexOf(pass.get(i)) - i) <= 1, "part opened far out of order: " + pass);
        }
        assertEquals(17, result.entries());
        assertEquals(12, result.endRecord().segments());
    }

    @Test
    void decryptedSegmentsNeedNoKey() throws Exception {
        ExportSet set = ExportSet.of(Exports.get("plain12").part(".z03"));
        PartOpener opener = new DecryptingPartOpener(() -> {
            throw new AssertionError("keys were asked for");
        });
        assertEquals(17, new ExportReader(opener, Limits.defaults()).list(set).size());
        assertEquals(
                17,
                new ExportReader(opener, Limits.defaults())
                        .extract(set, EntrySink.discard())
                        .entries());
    }

    /**
     * Only the final {@code .zip.smime} of a split set has been downloaded yet: by names alone the set looks
     * complete and unsplit, but its end-of-central-directory record says twelve segments.
     */
    @Test
    void loneFinalSegmentOfASplitSetIsIncompleteAndNamesTheRest(@TempDir Path dir) throws Exception {
        Exports.Export split12 = Exports.get("split12");
        Path lone = Files.copy(split12.part(".zip.smime"), dir.resolve(split12.name() + ".zip.smime"));
        ExportSet set = ExportSet.of(lone);
        ExportReader reader = new ExportReader(rsaOpener(), Limits.defaults());

        IncompleteExportException extract =
                assertThrows(IncompleteExportException.class, () -> reader.extract(set, EntrySink.discard()));
        IncompleteExportException list = assertThrows(IncompleteExportException.class, () -> reader.list(set));
        for (IncompleteExportException e : List.of(extract, list)) {
            String range = split12.name() + ".z01.smime to " + split12.name() + ".z11.smime (11 parts)";
            assertTrue(e.getMessage().contains(range), "message names " + range + ": " + e.getMessage());
            assertEquals(11, e.missing().size());
        }
    }

    /**
     * Into a folder as for any sink, the final segment's end record is read before the pass over the parts: the
     * final part is decrypted twice, first, and every other part once.
     */
    @Test
    void extractTreeChecksTheSegmentCountBeforeThePass(@TempDir Path dir) throws Exception {
        Exports.Export split12 = Exports.get("split12");
        ExportSet set = ExportSet.of(split12.part(".z03.smime"));
        CountingOpener opener = new CountingOpener(new DecryptingPartOpener(() -> rsaKeys()));
        ZipStreamExtractor.Result result = new ExportReader(opener, Limits.defaults())
                .extractTree(set, dir.resolve("out"), false, org.cddsdecrypt.output.Permissions.OWNER_ONLY);
        assertEquals(17, result.entries());
        assertEquals(set.parts().size() + 1, opener.opened.size(), "final part twice, others once: " + opener.opened);
        assertTrue(opener.opened.get(0).endsWith(".zip.smime"), "the check first: " + opener.opened);
        // The pass opens the next part on a thread of its own while the current one is read, so z02 may be
        // recorded before z01: only that the pass opened every part once is certain.
        assertEquals(
                set.parts().stream().map(Part::fileName).sorted().toList(),
                opener.opened.subList(1, opener.opened.size()).stream().sorted().toList(),
                "then the pass: " + opener.opened);
        Trees.assertSameTree(Fixtures.tree(split12.tree()), dir.resolve("out"));
    }

    /** A missing tail (z10, z11: not visible by names) is reported as such, not as the corruption it causes. */
    @Test
    void extractTreeOfASetMissingItsTailNamesTheMissingPartsAndLeavesNothing(@TempDir Path dir) throws Exception {
        Exports.Export missingTail = Exports.get("missing-tail");
        ExportSet set = ExportSet.of(missingTail.part(".z01.smime"));
        IncompleteExportException e = assertThrows(
                IncompleteExportException.class,
                () -> new ExportReader(rsaOpener(), Limits.defaults())
                        .extractTree(set, dir.resolve("out"), false, org.cddsdecrypt.output.Permissions.OWNER_ONLY));
        assertTrue(e.getMessage().contains(missingTail.name() + ".z10.smime"), e.getMessage());
        assertTrue(e.getMessage().contains(missingTail.name() + ".z11.smime"), e.getMessage());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no destination, no staging folder");
        }
    }

    /** A final part that fails the check fails the run with its own error, whatever the pass met meanwhile. */
    @Test
    void aCorruptFinalPartIsReportedByTheCheck(@TempDir Path dir) throws Exception {
        Exports.Export split12 = Exports.get("split12");
        Path copy = Files.createDirectory(dir.resolve("export"));
        for (Path part : ExportSet.of(split12.part(".z01.smime")).parts().stream()
                .map(Part::path)
                .toList()) {
            Files.copy(part, copy.resolve(part.getFileName()));
        }
        Path last = copy.resolve(split12.name() + ".zip.smime");
        byte[] bytes = Files.readAllBytes(last);
        Files.write(last, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ExportSet set = ExportSet.of(copy.resolve(split12.name() + ".z01.smime"));
        CddsException e = assertThrows(
                CddsException.class,
                () -> new ExportReader(rsaOpener(), Limits.defaults())
                        .extractTree(set, dir.resolve("out"), false, org.cddsdecrypt.output.Permissions.OWNER_ONLY));
        assertTrue(e instanceof CorruptInputException, e.toString());
        assertTrue(e.getMessage().contains(split12.name() + ".zip.smime"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("out")));
    }
}
