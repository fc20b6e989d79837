package org.cddsdecrypt.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cddsdecrypt.testing.Fixtures;

/** Paths into the generated fixtures used by the command-line tests. */
final class UxFixtures {
    private UxFixtures() {}

    /** The job id of a fixture export, from exports/MANIFEST. */
    static String uuid(String fixture) {
        try (Stream<String> lines =
                Files.lines(Fixtures.root().resolve("exports").resolve("MANIFEST"))) {
            return lines.map(l -> l.split(" "))
                    .filter(f -> f[0].equals(fixture))
                    .map(f -> f[1])
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no fixture " + fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One part of a fixture export, e.g. {@code part("split12", "z03")}. */
    static Path part(String fixture, String segment) {
        return Fixtures.exportDir(fixture).resolve("export-" + uuid(fixture) + "." + segment + ".smime");
    }

    static Path rsaKey() {
        return Fixtures.key("rsa.key");
    }

    /** Every file and folder under {@code root}, by '/'-separated relative path ("" excluded); folders end in '/'. */
    static Map<String, Path> listTree(Path root) {
        Map<String, Path> tree = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                tree.put(Files.isDirectory(p) ? rel + "/" : rel, p);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }
}
