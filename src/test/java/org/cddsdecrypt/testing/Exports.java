package org.cddsdecrypt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fixture exports listed in {@code exports/MANIFEST} ({@code dir uuid tree}). */
public final class Exports {
    private static Map<String, Export> manifest;

    private Exports() {}

    /**
     * One fixture export.
     *
     * @param dir its folder under {@code exports/} (also its fixture name)
     * @param uuid its job UUID
     * @param tree the tree under {@code trees/} it was made from, or null
     */
    public record Export(String dir, String uuid, String tree) {
        public String name() {
            return "export-" + uuid;
        }

        public Path directory() {
            return Fixtures.exportDir(dir);
        }

        /** The part with this suffix, e.g. {@code ".z07.smime"} or {@code ".zip"}. */
        public Path part(String suffix) {
            return directory().resolve(name() + suffix);
        }

        /** The plaintext tree this export must extract to. */
        public Path treePath() {
            if (tree == null) {
                throw new IllegalStateException(dir + " has no tree");
            }
            return Fixtures.tree(tree);
        }
    }

    public static synchronized Export get(String dir) {
        if (manifest == null) {
            Map<String, Export> m = new LinkedHashMap<>();
            try {
                List<String> lines =
                        Files.readAllLines(Fixtures.root().resolve("exports").resolve("MANIFEST"));
                for (String line : lines) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = line.trim().split(" ");
                    m.put(f[0], new Export(f[0], f[1], f[2].equals("-") ? null : f[2]));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            manifest = m;
        }
        Export e = manifest.get(dir);
        if (e == null) {
            throw new IllegalArgumentException("no fixture export " + dir + " in MANIFEST");
        }
        return e;
    }
}
