package org.cddsdecrypt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cddsdecrypt.output.TreeMarker;

/** Comparisons of extracted trees with the fixture trees. */
public final class Trees {
    /** Zip keeps MS-DOS times, which have a 2-second resolution. */
    private static final long DOS_RESOLUTION_MILLIS = 2000;

    private Trees() {}

    /** Every path under {@code root} (not root itself), relative, '/'-separated, mapped to "dir" or "file". */
    public static TreeMap<String, String> shape(Path root) {
        TreeMap<String, String> shape = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> {
                String kind = Files.isSymbolicLink(p)
                        ? "symlink"
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                                ? "dir"
                                : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? "file" : "other";
                shape.put(root.relativize(p).toString().replace('\\', '/'), kind);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return shape;
    }

    /**
     * The time an extracted file must carry for a source file modified at {@code source}. The fixtures were zipped
     * with TZ=UTC, so the archive holds the UTC wall-clock time; zip readers interpret that wall-clock time in the
     * local zone. On a UTC machine this is {@code source} itself.
     */
    public static Instant expectedExtractedTime(FileTime source) {
        LocalDateTime wallClock = LocalDateTime.ofInstant(source.toInstant(), ZoneOffset.UTC);
        return wallClock.atZone(ZoneId.systemDefault()).toInstant();
    }

    /**
     * Asserts {@code actual} holds exactly the files and folders of {@code expected}: same names, same bytes, no
     * links or other types, and modification times equal within the 2 s of MS-DOS times (folders included); and
     * the tool's marker at its top.
     */
    public static void assertSameTree(Path expected, Path actual) {
        TreeMap<String, String> want = shape(expected);
        TreeMap<String, String> got = shape(actual);
        assertEquals("file", got.remove(TreeMarker.NAME), "the marker cdds-decrypt writes into its trees");
        assertEquals(want, got, "entries of " + actual + " vs " + expected);
        List<String> problems = new ArrayList<>();
        try {
            for (var e : want.entrySet()) {
                Path source = expected.resolve(e.getKey());
                Path extracted = actual.resolve(e.getKey());
                if (e.getValue().equals("file") && Files.mismatch(source, extracted) != -1) {
                    problems.add(e.getKey() + ": content differs");
                }
                Instant wantTime = expectedExtractedTime(Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS));
                Instant gotTime = Files.getLastModifiedTime(extracted, LinkOption.NOFOLLOW_LINKS)
                        .toInstant();
                if (Math.abs(wantTime.toEpochMilli() - gotTime.toEpochMilli()) > DOS_RESOLUTION_MILLIS) {
                    problems.add(e.getKey() + ": modified " + gotTime + ", expected " + wantTime);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " difference(s) between " + expected + " and " + actual + ":\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** Asserts the modes of root and of every file and folder below it. */
    public static void assertModes(Path root, String fileMode, String dirMode) {
        Set<PosixFilePermission> file = PosixFilePermissions.fromString(fileMode);
        Set<PosixFilePermission> dir = PosixFilePermissions.fromString(dirMode);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    assertEquals(dir, mode, "mode of folder " + p + ": " + PosixFilePermissions.toString(mode));
                } else {
                    assertEquals(file, mode, "mode of file " + p + ": " + PosixFilePermissions.toString(mode));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names in {@code dir}, hidden ones included, sorted. */
    public static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts there are files in the tree at all: guards comparisons against trivially empty trees. */
    public static void assertNotEmpty(Path root) {
        assertTrue(Files.isDirectory(root), root + " is not a folder");
        assertFalse(shape(root).isEmpty(), root + " is empty");
    }
}
