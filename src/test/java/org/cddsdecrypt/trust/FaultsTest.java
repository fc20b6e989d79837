package org.cddsdecrypt.trust;

import static org.cddsdecrypt.testing.ProcessFacts.openFilesUnder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.export.DecryptingPartOpener;
import org.cddsdecrypt.export.ExportReader;
import org.cddsdecrypt.keys.KeyLoader;
import org.cddsdecrypt.keys.PassphraseSource;
import org.cddsdecrypt.output.Permissions;
import org.cddsdecrypt.output.StagingDirectory;
import org.cddsdecrypt.output.TreeMarker;
import org.cddsdecrypt.output.TreeWriter;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.parts.Part;
import org.cddsdecrypt.parts.PartOpener;
import org.cddsdecrypt.testing.ChildJvm;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.zip.EntrySink;
import org.cddsdecrypt.zip.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults from outside: the process killed, the disk full, the destination read-only, parts changing under the
 * reader, the reader of stdout gone. Each ends with its documented exit code and nothing at the destination.
 */
class FaultsTest {
    @TempDir
    Path tmp;

    private Tmpfs tmpfs;

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) {
            tmpfs.close();
            tmpfs = null;
        }
    }

    // ---- killed ------------------------------------------------------------------------------------------

    @Test
    void aRunKilledMidExtractionLeavesNothingAtTheDestinationAndTheNextRunCleansUpAndSucceeds() throws Exception {
        Path part = BigExport.part();
        Path dest = tmp.resolve("dest");
        Process child = new ProcessBuilder(
                        ChildJvm.command(List.of(), "extract", "-q", "-k", Fixtures.key("rsa.key"), "-o", dest, part))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        Path staging = waitForStagedData(child, tmp, "dest");
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        assertFalse(Files.exists(dest), "no partial tree at the destination");
        assertTrue(Files.isDirectory(staging), "the killed run's staging folder is left (SIGKILL)");

        Cli.Result r = new Cli().run("extract", "-q", "-k", Fixtures.key("rsa.key"), "-o", dest, part);
        assertEquals(0, r.code(), r::toString);
        assertFalse(Files.exists(staging), "the next run removed the dead run's staging folder");
        assertEquals(List.of("child.log", "dest"), TempTree.names(tmp));
        Map<String, String> extracted = new TreeMap<>(TempTree.digest(dest));
        assertTrue(extracted.remove(TreeMarker.NAME) != null, "the tool's marker is in the tree");
        assertEquals(TempTree.digest(BigExport.tree()), extracted);
    }

    @Test
    void aRunStoppedWithSigtermRemovesItsStagingFolderItself() throws Exception {
        Path part = BigExport.part();
        Process child = new ProcessBuilder(ChildJvm.command(
                        List.of(), "extract", "-q", "-k", Fixtures.key("rsa.key"), "-o", tmp.resolve("dest"), part))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        waitForStagedData(child, tmp, "dest");
        child.destroy(); // SIGTERM, as Ctrl-C or a service manager sends: the shutdown hook cleans up
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of("child.log"), TempTree.names(tmp));
    }

    /** Waits until the child has written decrypted data into its staging folder; returns the folder. */
    private static Path waitForStagedData(Process child, Path parent, String dest) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                fail("the child ended (exit " + child.exitValue() + ") before it could be interrupted");
            }
            try (Stream<Path> s = Files.list(parent)) {
                Optional<Path> staging = s.filter(
                                p -> p.getFileName().toString().startsWith("." + dest + ".cdds-staging-"))
                        .findFirst();
                if (staging.isPresent() && stagedBytes(staging.get()) > 1 << 20) {
                    return staging.get();
                }
            } catch (IOException racing) {
                // the folder changes while it is listed
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no staging folder appeared");
    }

    private static long stagedBytes(Path staging) {
        try (Stream<Path> s = Files.walk(staging)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException | java.io.UncheckedIOException racing) {
            return 0;
        }
    }

    // ---- disk full -----------------------------------------------------------------------------------------

    @Test
    void aFullDiskGivesExit7AndRemovesStaging() throws Exception {
        Path small = mountTmpfs("size=2m");
        Path split100 = firstPart("split100"); // 7 MiB of files
        Cli.Result r =
                new Cli().run("extract", "-q", "-k", Fixtures.key("rsa.key"), "-o", small.resolve("dest"), split100);
        assertEquals(7, r.code(), r::toString);
        assertTrue(r.err().contains("no space left on device"), r::toString);
        assertEquals(List.of(), TempTree.names(small), "staging removed");
        assertEquals(List.of(), openFilesUnder(small), "files left open (their space is not freed)");

        r = new Cli()
                .run("decrypt", "-q", "-k", Fixtures.key("rsa.key"), "-o", small.resolve("big.zip"), BigExport.part());
        assertEquals(7, r.code(), r::toString);
        assertTrue(r.err().contains("no space left on device"), r::toString);
        assertEquals(List.of(), TempTree.names(small), "temporary file removed");
    }

    /** The same without a mount (any user, any OS): the sink fails as a full disk does, mid-file. */
    @Test
    void aWriteFailingWithNoSpaceLeftGivesAnOutputErrorAndRemovesStaging() throws Exception {
        Path dest = tmp.resolve("out").resolve("dest");
        ExportSet set = ExportSet.of(firstPart("split12"));
        CddsException e = extractExpectingFailure(
                set,
                dest,
                opener(),
                root -> new FullDiskSink(
                        new TreeWriter(root, Permissions.OWNER_ONLY), 300_000, false, true, thread -> {}));
        assertEquals(ExitCode.OUTPUT, e.exitCode(), e.toString());
        assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
        assertEquals(List.of(), TempTree.names(tmp.resolve("out")));
    }

    // ---- read-only destination -------------------------------------------------------------------------------

    @Test
    void aReadOnlyDestinationParentGivesExit7() throws Exception {
        Path parent;
        if (isRoot()) {
            parent = mountTmpfs("ro,size=1m"); // root ignores permission bits: only a read-only mount stops it
        } else {
            parent = Files.createDirectory(tmp.resolve("ro"));
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try {
            Cli.Result r = new Cli()
                    .run(
                            "extract",
                            "-q",
                            "-k",
                            Fixtures.key("rsa.key"),
                            "-o",
                            parent.resolve("dest"),
                            firstPart("single"));
            assertEquals(7, r.code(), r::toString);
            assertFalse(r.err().contains("\tat "), r::toString);
            r = new Cli()
                    .run(
                            "decrypt",
                            "-q",
                            "-k",
                            Fixtures.key("rsa.key"),
                            "-o",
                            parent.resolve("x.bin"),
                            Fixtures.message("aes256.smime"));
            assertEquals(7, r.code(), r::toString);
            assertEquals(List.of(), TempTree.names(parent));
        } finally {
            if (!isRoot()) {
                Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    // ---- parts changing while the export is read --------------------------------------------------------------

    @Test
    void aPartDeletedBeforeItsTurnGivesExit3AndLeavesNothing() throws Exception {
        Path dir = copyExport("split12");
        ExportSet set = ExportSet.of(dir.resolve(Fixtures.exportDir("split12").relativize(firstPart("split12"))));
        Part doomed = set.parts().get(6);
        PartOpener opener = part -> {
            if (part.name().number() == 2) {
                Files.delete(doomed.path());
            }
            return opener().open(part);
        };
        CddsException e = extractExpectingFailure(set, tmp.resolve("out").resolve("dest"), opener, null);
        assertEquals(ExitCode.INCOMPLETE, e.exitCode(), e.toString());
        assertTrue(e.getMessage().contains(doomed.fileName()), e.getMessage());
        assertEquals(List.of(), TempTree.names(tmp.resolve("out")));
    }

    @Test
    void aPartTruncatedWhileItIsReadGivesExit5AndLeavesNothing() throws Exception {
        // A 64 MiB part, cut to half its size after the reader opened it: the reader sees it shrink.
        Path big = Files.createDirectories(tmp.resolve("in-big"));
        ExportSet set = ExportSet.of(
                Files.copy(BigExport.part(), big.resolve(BigExport.part().getFileName())));
        PartOpener opener = part -> {
            InputStream in = opener().open(part);
            truncateToHalf(part.path());
            return in;
        };
        Path out = Files.createDirectories(tmp.resolve("out-big"));
        CddsException e = extractExpectingFailure(set, out.resolve("dest"), opener, null);
        assertEquals(ExitCode.BAD_INPUT, e.exitCode(), e.toString());
        assertTrue(e.getMessage().contains(BigExport.NAME), e.getMessage());
        assertEquals(List.of(), TempTree.names(out));
    }

    @Test
    void aLaterPartTruncatedDuringTheRunGivesExit5AndLeavesNothing() throws Exception {
        for (String export : List.of("split12", "plain12")) {
            Path dir = copyExport(export);
            ExportSet set = ExportSet.of(dir.resolve(Fixtures.exportDir(export).relativize(firstPart(export))));
            Part later = set.parts().get(6);
            PartOpener opener = part -> {
                if (part.name().number() == 4) {
                    truncateToHalf(later.path());
                }
                return opener().open(part);
            };
            Path out = Files.createDirectories(tmp.resolve("out-" + export));
            CddsException e = extractExpectingFailure(set, out.resolve("dest"), opener, null);
            assertEquals(ExitCode.BAD_INPUT, e.exitCode(), e.toString());
            assertTrue(e.getMessage().contains(later.fileName()), e.getMessage());
            assertEquals(List.of(), TempTree.names(out));
        }
    }

    private static void truncateToHalf(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
    }

    /** As the extract command wires it: staging, reader, tree writer; returns the failure. */
    private static CddsException extractExpectingFailure(
            ExportSet set, Path dest, PartOpener opener, java.util.function.Function<Path, EntrySink> sink)
            throws Exception {
        try (StagingDirectory staging =
                StagingDirectory.create(dest, false, Permissions.OWNER_ONLY, set.name(), List.of())) {
            new ExportReader(opener, Limits.defaults())
                    .extract(
                            set,
                            sink == null
                                    ? new TreeWriter(staging.root(), Permissions.OWNER_ONLY)
                                    : sink.apply(staging.root()));
            staging.commit();
        } catch (CddsException e) {
            return e;
        }
        throw new AssertionError("the extraction succeeded");
    }

    private static PartOpener opener() {
        return new DecryptingPartOpener(
                () -> new KeyLoader(PassphraseSource.none(), w -> {}).load(List.of(Fixtures.key("rsa.key"))));
    }

    // ---- stdout closed -----------------------------------------------------------------------------------------

    @Test
    void aBrokenStdoutPipeEndsWithExit7AndOneLineNoStackTrace() throws Exception {
        Path stderr = tmp.resolve("stderr.txt");
        String java = ChildJvm.shellQuoted(
                ChildJvm.command(List.of(), "decrypt", "-k", Fixtures.key("rsa.key"), "-o", "-", BigExport.part()));
        Process p = new ProcessBuilder(
                        "bash", "-c", java + " 2>'" + stderr + "' | head -c 10 >/dev/null; echo \"${PIPESTATUS[0]}\"")
                .redirectErrorStream(true)
                .start();
        String status = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(stderr);
        assertEquals("7", status, err);
        assertEquals("cdds-decrypt: cannot write standard output: the reader closed the pipe (broken pipe)\n", err);
    }

    @Test
    void aBrokenStdoutPipeUnderExtractStdoutAndCatAlsoEndsWithExit7AndOneLine() throws Exception {
        for (List<Object> args : List.of(
                List.<Object>of("extract", "-k", Fixtures.key("rsa.key"), "--stdout", BigExport.part()),
                List.<Object>of("cat", "-k", Fixtures.key("rsa.key"), BigExport.part()))) {
            Path stderr = tmp.resolve("stderr.txt");
            String java = ChildJvm.shellQuoted(ChildJvm.command(List.of(), args.toArray()));
            Process p = new ProcessBuilder(
                            "bash",
                            "-c",
                            java + " 2>'" + stderr + "' | head -c 10 >/dev/null; echo \"${PIPESTATUS[0]}\"")
                    .redirectErrorStream(true)
                    .start();
            String status = new String(p.getInputStream().readAllBytes()).trim();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String err = Files.readString(stderr);
            assertEquals("7", status, args + "\n" + err);
            assertTrue(err.contains("broken pipe"), err);
            assertEquals(1, err.lines().count(), "one line, no stack trace:\n" + err);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static Path firstPart(String export) throws IOException {
        try (Stream<Path> s = Files.list(Fixtures.exportDir(export))) {
            String uuid = Files.readAllLines(Fixtures.root().resolve("exports").resolve("MANIFEST")).stream()
                    .filter(l -> l.startsWith(export + " "))
                    .findFirst()
                    .orElseThrow()
                    .split(" ")[1];
            return s.filter(p -> p.getFileName().toString().startsWith("export-" + uuid + ".zip"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private Path copyExport(String export) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in-" + export));
        try (Stream<Path> s = Files.list(Fixtures.exportDir(export))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        return dir;
    }

    private static boolean isRoot() throws IOException {
        return "root"
                        .equals(Files.getOwner(Path.of(System.getProperty("user.home")))
                                .getName())
                && "root".equals(System.getProperty("user.name"));
    }

    private Path mountTmpfs(String options) throws Exception {
        tmpfs = Tmpfs.mount(Files.createDirectory(tmp.resolve("mnt")), options);
        return tmpfs.root();
    }
}
