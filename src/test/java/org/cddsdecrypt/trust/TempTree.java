package org.cddsdecrypt.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** File-tree helpers for the trust tests. */
final class TempTree {
    private TempTree() {}

    /** The tool's own recursive delete (it never follows links). */
    static void delete(Path dir) throws IOException {
        org.cddsdecrypt.output.TempFiles.deleteRecursively(dir);
    }

    /** Names directly in {@code dir}, sorted. */
    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** Every path under {@code dir} whose name shows it is a temporary file or staging folder of the tool. */
    static List<Path> leftovers(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.contains(".cdds-tmp") || n.contains(".cdds-staging") || n.contains(".cdds-old");
                    })
                    .forEach(found::add);
        }
        return found;
    }

    /** Relative path → content, for comparing trees. */
    static java.util.Map<String, String> digest(Path root) throws IOException {
        java.util.Map<String, String> result = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    result.put(root.relativize(p).toString(), sha256(p));
                } else if (Files.isDirectory(p) && !p.equals(root)) {
                    result.put(root.relativize(p) + "/", "");
                }
            }
        }
        return result;
    }

    static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
