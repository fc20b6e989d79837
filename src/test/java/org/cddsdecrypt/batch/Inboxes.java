package org.cddsdecrypt.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cddsdecrypt.output.TreeMarker;
import org.cddsdecrypt.testing.Fixtures;

/** Builds download folders from the fixtures and inspects what a batch run left. */
final class Inboxes {
    private static Map<String, String> manifest;

    private Inboxes() {}

    /** The export name of a fixture, e.g. {@code export-2222…} for "split12". */
    static synchronized String name(String fixture) {
        if (manifest == null) {
            manifest = new TreeMap<>();
            try {
                for (String line :
                        Files.readAllLines(Fixtures.root().resolve("exports").resolve("MANIFEST"))) {
                    String[] f = line.split(" ");
                    manifest.put(f[0], f[1]);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "export-" + manifest.get(fixture);
    }

    /** The part files of a fixture's export (not its neighbours: duplicates, notes, other exports). */
    static List<Path> parts(String fixture) {
        String prefix = name(fixture) + ".";
        try (Stream<Path> s = Files.list(Fixtures.exportDir(fixture))) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fixture's parts into {@code inbox}, as a fresh download (times: now). */
    static void add(Path inbox, String fixture) {
        for (Path p : parts(fixture)) {
            copy(p, inbox.resolve(p.getFileName()));
        }
    }

    static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the modification time of every part of {@code export} in {@code inbox}. */
    static void touch(Path inbox, String export, Instant time) {
        try (Stream<Path> s = Files.list(inbox)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(export + "."))
                    .toList()) {
                Files.setLastModifiedTime(p, FileTime.from(time));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path under {@code root}, relative, sorted ("" excluded). */
    static List<String> listing(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root))
                    .map(p -> root.relativize(p).toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The extracted tree has exactly the source tree's folders and files, with the same bytes, plus the tool's
     * marker naming the export at its top.
     */
    static void assertSameTree(Path expected, Path actual) {
        List<String> names = listing(expected);
        List<String> got = new ArrayList<>(listing(actual));
        assertTrue(got.remove(TreeMarker.NAME), "no " + TreeMarker.NAME + " in " + actual);
        assertEquals(
                actual.getFileName().toString(), TreeMarker.exportOf(actual).orElse(null));
        assertEquals(names, got, "entries of " + actual);
        try {
            for (String n : names) {
                Path e = expected.resolve(n);
                if (Files.isRegularFile(e)) {
                    assertArrayEquals(Files.readAllBytes(e), Files.readAllBytes(actual.resolve(n)), n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Identity (inode) and modification time of every path under and including {@code root}. */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                m.put(
                        root.relativize(p).toString(),
                        a.fileKey() + " " + a.lastModifiedTime().toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** What a run may leave in OUT besides trees and the journal: staging or replaced folders, temp files, claims. */
    static List<String> leftovers(Path out) {
        List<String> found = new ArrayList<>();
        for (String n : listing(out)) {
            String file = Path.of(n).getFileName().toString();
            if (file.contains(".cdds-staging-")
                    || file.contains(".cdds-old-")
                    || file.contains(".cdds-tmp")
                    || n.startsWith(Batch.STATE_FOLDER + "/" + Batch.EXPORT_LOCKS_FOLDER + "/")) {
                found.add(n);
            }
        }
        return found;
    }

    /** The names directly in {@code dir}, sorted. */
    static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
