package org.cddsdecrypt.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cddsdecrypt.output.TempFiles;
import org.cddsdecrypt.output.TreeMarker;
import org.cddsdecrypt.testing.ChildJvm;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Openssl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable commit seen from the kernel: the tool runs in a child JVM under {@code strace -f -y}, and the order of
 * its fsync, rename and unlink calls is checked. Every file and folder of a tree is synced before the rename that
 * publishes it and the parent folder after, each file's time set before its sync; the batch journal and keygen's
 * files likewise; parts are unlinked only after the tree and the journal. Skipped (with the reason) where strace is missing or may not trace.
 */
class DurabilityStraceTest {
    private static final String CALLS = "fsync,fdatasync,rename,renameat,renameat2,unlink,unlinkat,utimensat,utimes";
    private static List<String> strace;

    @TempDir
    Path tmp;

    @BeforeAll
    static void straceWorks() throws Exception {
        for (List<String> command : List.of(List.of("strace", "--seccomp-bpf"), List.of("strace"))) {
            List<String> probe = new ArrayList<>(command);
            probe.addAll(List.of("-f", "-o", "/dev/null", "true"));
            try {
                Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    strace = command;
                    return;
                }
            } catch (IOException e) {
                assumeTrue(false, "strace is not installed (apt-get install strace): " + e.getMessage());
            }
        }
        assumeTrue(false, "strace cannot trace here (ptrace not permitted)");
    }

    /** One successful call: its name and the paths it names (an fd shown by -y as its path). */
    private record Call(int index, String name, List<String> paths) {
        String path() {
            return paths.get(0);
        }
    }

    private static final Pattern LINE = Pattern.compile("^\\d+\\s+(\\w+)\\((.*)\\)\\s+= 0$");
    private static final Pattern ARG = Pattern.compile("AT_FDCWD|\\d+<([^>]*)>|\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Runs the tool under strace in {@code cwd} and returns its calls, in order. */
    private List<Call> trace(Path cwd, Object... args) throws Exception {
        Path log = tmp.resolve("strace.log");
        List<String> command = new ArrayList<>(strace);
        command.addAll(
                List.of("-f", "-y", "-qq", "-z", "-e", "signal=none", "-e", "trace=" + CALLS, "-o", log.toString()));
        command.addAll(ChildJvm.command(List.of(), args));
        Process p = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.out").toFile())
                .start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the traced run finished");
        assertEquals(0, p.exitValue(), () -> read(tmp.resolve("child.out")));
        List<Call> calls = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            List<String> paths = new ArrayList<>();
            String dir = cwd.toString();
            Matcher a = ARG.matcher(m.group(2));
            while (a.find()) {
                if (a.group(2) != null) {
                    String name = unescape(a.group(2));
                    paths.add(name.startsWith("/") ? name : dir + "/" + name);
                    dir = cwd.toString();
                } else if (a.group(1) != null && !m.group(1).startsWith("f")) {
                    dir = unescape(a.group(1)); // the folder of a *at call's relative name
                } else if (a.group(1) != null) {
                    paths.add(unescape(a.group(1)));
                }
            }
            if (paths.isEmpty() && !dir.equals(cwd.toString())) {
                paths.add(dir); // utimensat(fd<path>, NULL, …): futimens on the open file
            }
            calls.add(new Call(calls.size(), m.group(1), paths));
        }
        return calls;
    }

    /** strace shows bytes outside printable ASCII as octal escapes ({@code \\303\\251} for é). */
    private static String unescape(String shown) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '\\'
                    && i + 3 < shown.length()
                    && shown.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                bytes.write(Integer.parseInt(shown.substring(i + 1, i + 4), 8));
                i += 3;
            } else if (c == '\\' && i + 1 < shown.length()) {
                bytes.write(shown.charAt(++i));
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Call first(List<Call> calls, String what, Predicate<Call> which) {
        return calls.stream()
                .filter(which)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + what + " in " + calls));
    }

    private static boolean isSync(Call c) {
        return c.name().equals("fsync") || c.name().equals("fdatasync");
    }

    private static Call renameTo(List<Call> calls, Path target) {
        return first(
                calls,
                "rename to " + target,
                c -> c.name().startsWith("rename")
                        && c.paths().size() == 2
                        && c.paths().get(1).equals(target.toString()));
    }

    /** The sync of {@code path} nearest before {@code before} (or after {@code after}). */
    private static Call syncOf(List<Call> calls, Path path, int after, int before) {
        return calls.stream()
                .filter(c -> isSync(c) && c.path().equals(path.toString()) && c.index() > after && c.index() < before)
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no fsync of " + path + " between calls " + after + " and " + before + ": " + calls));
    }

    /**
     * Asserts every file and folder of the published tree {@code dest} was synced under its staged name before
     * the rename that published it, and the parent after; returns the index of that parent sync.
     */
    private static int assertTreeDurable(List<Call> calls, Path dest) throws IOException {
        Call rename = renameTo(calls, dest);
        Path staging = Path.of(rename.paths().get(0));
        assertTrue(
                staging.getFileName().toString().startsWith("." + dest.getFileName() + ".cdds-staging-"),
                rename.toString());
        try (Stream<Path> walk = Files.walk(dest)) {
            for (Path p : walk.toList()) {
                syncOf(calls, staging.resolve(dest.relativize(p).toString()), -1, rename.index());
            }
        }
        return syncOf(calls, dest.getParent(), rename.index(), Integer.MAX_VALUE)
                .index();
    }

    @Test
    void extractSyncsEveryFileAndFolderBeforeTheRenameAndTheParentAfter() throws Exception {
        Path dest = tmp.resolve("out");
        List<Call> calls = trace(
                tmp,
                "extract",
                "-q",
                "-k",
                Fixtures.key("rsa.key"),
                "-o",
                dest,
                Exports.get("split12").part(".z01.smime"));
        assertTrue(Files.isRegularFile(dest.resolve("alpha/file-01.bin")));
        assertTreeDurable(calls, dest);
        assertTimesSetBeforeTheSync(calls, dest);
    }

    /**
     * Each file of the published tree {@code dest} was given its time before the sync that made it durable, with
     * no later change of its time: a time set after the fsync could be lost in a crash, the data kept.
     */
    private static void assertTimesSetBeforeTheSync(List<Call> calls, Path dest) throws IOException {
        Call rename = renameTo(calls, dest);
        Path staging = Path.of(rename.paths().get(0));
        int files = 0;
        try (Stream<Path> walk = Files.walk(dest)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String staged = staging.resolve(dest.relativize(p).toString()).toString();
                if (p.getFileName().toString().equals(TreeMarker.NAME)) {
                    continue; // the tool's own marker keeps the time it was written
                }
                List<Call> times = calls.stream()
                        .filter(c -> c.name().startsWith("utime") && c.paths().contains(staged))
                        .toList();
                assertFalse(times.isEmpty(), "no time set on " + staged + ": " + calls);
                Call sync = syncOf(calls, Path.of(staged), -1, rename.index());
                assertTrue(
                        times.get(times.size() - 1).index() < sync.index(),
                        "time of " + staged + " set after its fsync: " + times + " / " + sync);
                files++;
            }
        }
        assertTrue(files > 1, "the tree has files");
    }

    @Test
    void decryptSyncsTheFileBeforeTheRenameAndTheFolderAfter() throws Exception {
        Path dest = tmp.resolve("out.zip");
        List<Call> calls = trace(
                tmp, "decrypt", "-q", "-k", Fixtures.key("rsa.key"), "-o", dest, Fixtures.message("aes256.smime"));
        Call rename = renameTo(calls, dest);
        syncOf(calls, Path.of(rename.paths().get(0)), -1, rename.index());
        syncOf(calls, tmp, rename.index(), Integer.MAX_VALUE);
    }

    /**
     * A part larger than a write-back step: the temporary file is handed to the disk ({@code fdatasync}, on the
     * write-back thread) while it is written, and still forced whole ({@code fsync}) before the rename.
     */
    @Test
    void aLargeDecryptIsWrittenBackWhileWrittenAndForcedWholeBeforeTheRename() throws Exception {
        Path plain = tmp.resolve("plain.zip");
        byte[] mib = new byte[1024 * 1024];
        java.util.Random random = new java.util.Random(15);
        try (java.io.OutputStream out = Files.newOutputStream(plain)) {
            for (int i = 0; i < 20; i++) {
                random.nextBytes(mib);
                out.write(mib);
            }
        }
        Path part = Openssl.encrypt(
                plain, tmp.resolve("export-x.zip.smime"), Fixtures.keys().resolve("rsa.crt"));
        Path dest = tmp.resolve("out.zip");

        List<Call> calls = trace(tmp, "decrypt", "-q", "-k", Fixtures.key("rsa.key"), "-o", dest, part);

        Call rename = renameTo(calls, dest);
        String temp = rename.paths().get(0);
        List<Call> syncs =
                calls.stream().filter(c -> isSync(c) && c.path().equals(temp)).toList();
        assertTrue(syncs.stream().allMatch(c -> c.index() < rename.index()), syncs.toString());
        assertEquals("fdatasync", syncs.get(0).name(), "written back while written: " + syncs);
        assertEquals("fsync", syncs.get(syncs.size() - 1).name(), "forced whole last: " + syncs);
        assertEquals(-1, Arrays.mismatch(Files.readAllBytes(plain), Files.readAllBytes(dest)));
    }

    @Test
    void keygenSyncsEachFileUnderATempNameBeforeItsRenameAndTheFolderAfter() throws Exception {
        Path key = tmp.resolve("keys").resolve("cdds.key"); // a new folder: keygen makes it
        Path cert = tmp.resolve("cdds.crt");
        List<Call> calls =
                trace(tmp, "keygen", "-q", "--no-passphrase", "--key-size", "2048", "--key", key, "--cert", cert);
        assertTrue(Files.readString(key).contains("-----BEGIN PRIVATE KEY-----"));
        syncOf(calls, tmp, -1, renameTo(calls, key).index()); // the new folder's name, before the key is in it
        for (Path file : List.of(key, cert)) {
            Call rename = renameTo(calls, file);
            Path temp = Path.of(rename.paths().get(0));
            assertEquals(file.getParent(), temp.getParent(), rename.toString());
            assertTrue(
                    temp.getFileName().toString().startsWith("." + file.getFileName() + ".cdds-tmp-"),
                    rename.toString());
            assertFalse(Files.exists(temp));
            syncOf(calls, temp, -1, rename.index());
            syncOf(calls, file.getParent(), rename.index(), Integer.MAX_VALUE);
        }
    }

    @Test
    void batchDeletesPartsOnlyAfterTheTreeAndTheJournalAreDurable() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        List<Path> parts = copyParts("split12", inbox);
        Path out = tmp.resolve("out");

        List<Call> calls =
                trace(tmp, "batch", "-q", "-k", Fixtures.key("rsa.key"), "--out", out, "--delete-done", inbox);

        int durable = assertJournalAfterTree(calls, out);
        for (Path part : parts) {
            assertFalse(Files.exists(part));
            Call unlink = first(
                    calls,
                    "unlink of " + part,
                    c -> c.name().startsWith("unlink") && c.path().equals(part.toString()));
            assertTrue(
                    unlink.index() > durable,
                    unlink + " before the tree and journal were durable (call " + durable + ")");
        }
    }

    @Test
    void batchMovesPartsAcrossFileSystemsByASyncedCopyBeforeTheUnlink() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(
                Files.isDirectory(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(tmp)),
                "needs /dev/shm on another file system than " + tmp);
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        List<Path> parts = copyParts("single", inbox);
        Path out = tmp.resolve("out");
        Path done = Files.createTempDirectory(shm, "cdds-done-");
        try {
            List<Call> calls =
                    trace(tmp, "batch", "-q", "-k", Fixtures.key("rsa.key"), "--out", out, "--move-done", done, inbox);

            int durable = assertJournalAfterTree(calls, out);
            for (Path part : parts) {
                Path moved = done.resolve(part.getFileName().toString());
                assertTrue(Files.isRegularFile(moved));
                Call rename = renameTo(calls, moved);
                assertTrue(rename.index() > durable, rename.toString());
                syncOf(calls, Path.of(rename.paths().get(0)), durable, rename.index());
                int folderSynced =
                        syncOf(calls, done, rename.index(), Integer.MAX_VALUE).index();
                Call unlink = first(
                        calls,
                        "unlink of " + part,
                        c -> c.name().startsWith("unlink") && c.path().equals(part.toString()));
                assertTrue(unlink.index() > folderSynced, unlink + " before the copy was durable");
            }
        } finally {
            TempFiles.deleteRecursively(done);
        }
    }

    /** The tree, then the journal (temp synced, renamed, folder synced); returns the last of those syncs. */
    private static int assertJournalAfterTree(List<Call> calls, Path out) throws IOException {
        Path tree;
        try (Stream<Path> s = Files.list(out)) {
            tree = s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .findFirst()
                    .orElseThrow();
        }
        int treeDurable = assertTreeDurable(calls, tree);
        Path journal = out.resolve(".cdds-decrypt").resolve("state");
        Call rename = renameTo(calls, journal);
        assertTrue(rename.index() > treeDurable, "the journal records the export only once its tree is durable");
        syncOf(calls, Path.of(rename.paths().get(0)), treeDurable, rename.index());
        return syncOf(calls, journal.getParent(), rename.index(), Integer.MAX_VALUE)
                .index();
    }

    private static List<Path> copyParts(String fixture, Path inbox) throws IOException {
        Exports.Export export = Exports.get(fixture);
        List<Path> copies = new ArrayList<>();
        try (Stream<Path> s = Files.list(export.directory())) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(export.name() + "."))
                    .toList()) {
                copies.add(Files.copy(p, inbox.resolve(p.getFileName().toString())));
            }
        }
        return copies;
    }
}
