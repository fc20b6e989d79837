package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclFileAttributeView;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.UnsafeContentException;
import org.cddsdecrypt.testing.OtherFileSystems;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The staging folder, the tree writer and atomic files on in-memory file systems like Windows' and macOS's (and
 * Unix's, for contrast): no POSIX attribute where there are none, an owner-only ACL where there are ACLs, names
 * Windows cannot hold refused there, and entries whose names differ only in case refused where the file system
 * does not tell them apart.
 */
class OtherFileSystemsTest {
    private FileSystem fs;

    @AfterEach
    void closeFileSystem() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    /** A new, empty folder on a new file system of {@code kind}. */
    private Path folderOn(OtherFileSystems kind) throws IOException {
        fs = kind.create();
        return Files.createDirectory(fs.getPath("").toAbsolutePath().resolve("exports"));
    }

    private static void write(TreeWriter writer, String path) throws IOException {
        try (OutputStream out = writer.openFile(path, 0)) {
            out.write(path.getBytes(StandardCharsets.UTF_8));
        }
        writer.fileDone(path);
    }

    @ParameterizedTest
    @EnumSource(OtherFileSystems.class)
    void aTreeIsStagedWrittenAndCommitted(OtherFileSystems kind) throws Exception {
        Path parent = folderOn(kind);
        Path dest = parent.resolve("export-1");
        try (StagingDirectory staging =
                StagingDirectory.create(dest, false, Permissions.OWNER_ONLY, "export-1", List.of())) {
            try (TreeWriter writer = new TreeWriter(staging.root(), Permissions.OWNER_ONLY)) {
                writer.directory("empty", 0);
                write(writer, "Report.json");
                write(writer, "ContactHistory/2026/part-0001.jsonl");
                writer.finish();
            }
            staging.commit();
        }
        assertEquals(List.of("export-1"), Trees.names(parent), "the tree, and no staging folder beside it");
        assertEquals(
                Map.of(
                        "ContactHistory",
                        "dir",
                        "ContactHistory/2026",
                        "dir",
                        "ContactHistory/2026/part-0001.jsonl",
                        "file",
                        "Report.json",
                        "file",
                        "empty",
                        "dir",
                        TreeMarker.NAME,
                        "file"),
                Trees.shape(dest));
        assertEquals("Report.json", Files.readString(dest.resolve("Report.json")));
        // Where owners cannot be read, no tree is taken for the tool's own (so none is ever replaced).
        assertEquals(
                kind.hasOwners() ? java.util.Optional.of("export-1") : java.util.Optional.empty(),
                TreeMarker.exportOf(dest));
        if (kind == OtherFileSystems.UNIX_POSIX) {
            Trees.assertModes(dest, "rw-------", "rwx------");
        }
        if (kind == OtherFileSystems.WINDOWS_ACL) {
            OtherFileSystems.assertOwnerOnlyAcl(dest);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = OtherFileSystems.class,
            names = {"WINDOWS_ACL", "UNIX_POSIX"})
    void withUmaskThePlatformDefaultsStay(OtherFileSystems kind) throws Exception {
        Path parent = folderOn(kind);
        try (TreeWriter writer = new TreeWriter(parent, Permissions.UMASK)) {
            write(writer, "a/b.txt");
            writer.finish();
        }
        Path file = parent.resolve("a").resolve("b.txt");
        if (kind == OtherFileSystems.WINDOWS_ACL) {
            assertEquals(
                    List.of(),
                    Files.getFileAttributeView(file, AclFileAttributeView.class).getAcl(),
                    "Jimfs's default ACL");
        } else {
            assertEquals(
                    "rw-r--r--",
                    java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                    "Jimfs's default mode");
        }
    }

    @ParameterizedTest
    @EnumSource(OtherFileSystems.class)
    void anAtomicFileAppearsOnlyAtItsCommitAndLeavesNothingOtherwise(OtherFileSystems kind) throws Exception {
        Path parent = folderOn(kind);
        Path target = parent.resolve("export-1.zip");
        try (AtomicFile file = AtomicFile.create(target, false, Permissions.OWNER_ONLY)) {
            file.stream().write("discarded".getBytes(StandardCharsets.UTF_8));
            assertFalse(Files.exists(target));
        }
        assertEquals(List.of(), Trees.names(parent), "closed without a commit: nothing");
        try (AtomicFile file = AtomicFile.create(target, false, Permissions.OWNER_ONLY)) {
            file.stream().write("kept".getBytes(StandardCharsets.UTF_8));
            file.commit();
        }
        assertEquals(List.of("export-1.zip"), Trees.names(parent));
        assertEquals("kept", Files.readString(target));
        if (kind == OtherFileSystems.WINDOWS_ACL) {
            OtherFileSystems.assertOwnerOnlyAcl(target);
        }
    }

    /** Past a write-back step, the early forces run on that file system's channel too, and the commit holds. */
    @ParameterizedTest
    @EnumSource(OtherFileSystems.class)
    void aLargeAtomicFileIsWrittenBackAndCommitted(OtherFileSystems kind) throws Exception {
        Path target = folderOn(kind).resolve("export-1.zip");
        byte[] chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) 7);
        long chunks = EarlyWriteback.STEP / chunk.length * 2 + 1;
        try (AtomicFile file = AtomicFile.create(target, false, Permissions.OWNER_ONLY)) {
            for (long i = 0; i < chunks; i++) {
                file.stream().write(chunk);
            }
            file.commit();
        }
        assertEquals(chunks * chunk.length, Files.size(target));
    }

    @ParameterizedTest
    @EnumSource(OtherFileSystems.class)
    void namesWindowsCannotHoldAreRefusedThereBeforeAnythingIsCreated(OtherFileSystems kind) throws Exception {
        Path exports = folderOn(kind);
        for (String name : List.of("data/CON.txt", "data/lpt1", "notes./a.txt", "data/what?.txt", "data/a|b.txt")) {
            Path root = Files.createDirectory(
                    exports.resolve("tree-" + Trees.names(exports).size()));
            try (TreeWriter writer = new TreeWriter(root, Permissions.OWNER_ONLY)) {
                if (kind.isWindows()) {
                    UnsafeContentException e =
                            assertThrows(UnsafeContentException.class, () -> writer.openFile(name, -1));
                    assertEquals(ExitCode.UNSAFE, e.exitCode());
                    assertTrue(
                            e.getMessage().contains("\"" + name + "\"")
                                    && e.getMessage().contains("Windows"),
                            e.getMessage());
                    assertEquals(List.of(), Trees.names(root), "not even its folder was made");
                } else {
                    write(writer, name);
                    writer.finish();
                    assertEquals(name, Files.readString(root.resolve(name)), "written where it can be");
                }
            }
        }
    }

    static Stream<Arguments> collidingEntries() {
        List<List<String>> pairs = List.of(
                List.of("Report.json", "report.json"),
                List.of("data/Report.json", "data/REPORT.JSON"),
                List.of("Data/", "data/"),
                List.of("Data/a.jsonl", "data/b.jsonl"),
                List.of("Data/", "data"),
                List.of("report", "REPORT/"),
                List.of("Data/x/a.jsonl", "Data/X/"));
        return Stream.of(OtherFileSystems.values())
                .flatMap(kind -> pairs.stream().map(pair -> Arguments.of(kind, pair.get(0), pair.get(1))));
    }

    @ParameterizedTest
    @MethodSource("collidingEntries")
    void entriesThatDifferOnlyInCaseAreRefusedNamingBothWhereCaseIsIgnored(
            OtherFileSystems kind, String first, String second) throws Exception {
        Path root = folderOn(kind);
        try (TreeWriter writer = new TreeWriter(root, Permissions.OWNER_ONLY)) {
            add(writer, first);
            if (kind.ignoresCase()) {
                CddsException e = assertThrows(CddsException.class, () -> add(writer, second));
                assertEquals(ExitCode.UNSAFE, e.exitCode(), e.getMessage());
                String firstName = first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
                String secondName = second.endsWith("/") ? second.substring(0, second.length() - 1) : second;
                assertTrue(
                        e.getMessage().contains(takenName(firstName, secondName))
                                && e.getMessage().contains("\"" + secondName + "\"")
                                && e.getMessage().contains("case"),
                        e.getMessage());
            } else {
                add(writer, second);
                writer.finish();
                assertTrue(Files.exists(root.resolve(second)), "both are written where case counts");
            }
        }
    }

    /**
     * The earlier name the message must hold: the colliding entry itself, or the folder the two differ in when
     * that is above the last name ({@code Data/a.jsonl} and {@code data/b.jsonl} collide in {@code Data}).
     */
    private static String takenName(String first, String second) {
        String[] a = first.split("/");
        String[] b = second.split("/");
        int i = 0;
        while (i < Math.min(a.length, b.length) - 1 && a[i].equals(b[i])) {
            i++;
        }
        return "\"" + String.join("/", java.util.Arrays.copyOf(a, i + 1)) + "\"";
    }

    private static void add(TreeWriter writer, String entry) throws IOException {
        if (entry.endsWith("/")) {
            writer.directory(entry.substring(0, entry.length() - 1), 0);
        } else {
            write(writer, entry);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = OtherFileSystems.class,
            names = {"MACOS", "WINDOWS"})
    void namesInTwoUnicodeFormsAreOneNameOnMacOsOnly(OtherFileSystems kind) throws Exception {
        Path root = folderOn(kind);
        String composed = "caf\u00e9.jsonl";
        String decomposed = "cafe\u0301.jsonl";
        try (TreeWriter writer = new TreeWriter(root, Permissions.OWNER_ONLY)) {
            write(writer, composed);
            if (kind == OtherFileSystems.MACOS) {
                UnsafeContentException e =
                        assertThrows(UnsafeContentException.class, () -> writer.openFile(decomposed, -1));
                assertEquals(ExitCode.UNSAFE, e.exitCode());
            } else {
                write(writer, decomposed);
                writer.finish();
                assertEquals(2, Trees.names(root).size());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OtherFileSystems.class)
    void aStagedTreeClosedWithoutCommitLeavesNothing(OtherFileSystems kind) throws Exception {
        Path parent = folderOn(kind);
        try (StagingDirectory staging =
                StagingDirectory.create(parent.resolve("out"), false, Permissions.OWNER_ONLY, "export-1", List.of())) {
            try (TreeWriter writer = new TreeWriter(staging.root(), Permissions.OWNER_ONLY)) {
                write(writer, "deep/er/secret.jsonl");
                writer.finish();
            }
            if (kind == OtherFileSystems.WINDOWS_ACL) {
                OtherFileSystems.assertOwnerOnlyAcl(staging.root());
            }
        }
        assertEquals(List.of(), Trees.names(parent));
    }
}
