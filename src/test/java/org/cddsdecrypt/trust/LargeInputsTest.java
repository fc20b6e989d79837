package org.cddsdecrypt.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.testing.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Multi-GiB exports, extracted by the tool in a child JVM limited to a 256 MiB heap: memory must stay flat
 * whatever the size. Inputs are made with Info-ZIP and openssl. Only in the large profile ({@code mvn -Plarge
 * verify}); needs about 20 GB of free disk under target/ and 10 to 20 minutes. Each run appends its figures
 * (wall time, peak RSS from {@code /usr/bin/time -v}) to {@code target/large/figures.txt}; docs/PERFORMANCE-large.md
 * records a run.
 */
@Tag("large")
class LargeInputsTest {
    private static final Path ROOT = Path.of("target", "large").toAbsolutePath();
    private static final Path KEY =
            Path.of("testdata", "fuzz", "keys", "rsa.key").toAbsolutePath();
    private static final Path CERT =
            Path.of("testdata", "fuzz", "keys", "rsa.crt").toAbsolutePath();
    private static final String HEAP = "-Xmx256m";
    private static final long MIB = 1024 * 1024;

    private Path work;

    @AfterEach
    void clean() throws IOException {
        if (work != null && !Boolean.getBoolean("large.keep")) {
            TempTree.delete(work);
        }
    }

    @Test
    void aSinglePartOver2GiBWithIndefiniteLengths() throws Exception {
        work = fresh("single-2g-indefinite");
        Path tree = twoGiBTree();
        Path zip = zip(tree, work.resolve("plain.zip"));
        Map<String, String> expected = TempTree.digest(tree);
        TempTree.delete(tree);
        Path part = work.resolve("export-2a2a2a2a-2a2a-4a2a-8a2a-2a2a2a2a2a2a.zip.smime");
        run(
                work,
                "openssl",
                "smime",
                "-encrypt",
                "-binary",
                "-aes256",
                "-stream",
                "-in",
                zip.toString(),
                "-out",
                part.toString(),
                CERT.toString());
        assertTrue(Files.size(zip) > 2 * 1024 * MIB && Files.size(part) > 2 * 1024 * MIB);
        Files.delete(zip);

        Figures f = tool(
                "2 GiB+ single part, S/MIME, BER indefinite lengths (openssl -stream)",
                part,
                "extract",
                "-q",
                "-k",
                KEY,
                "-o",
                work.resolve("out"),
                part);
        assertEquals(expected, TempTree.digest(work.resolve("out")));
        f.record();
    }

    @Test
    void aSinglePartOver2GiBWithDefiniteLengths() throws Exception {
        work = fresh("single-2g-definite");
        Path tree = twoGiBTree();
        Path zip = zip(tree, work.resolve("plain.zip"));
        Map<String, String> expected = TempTree.digest(tree);
        TempTree.delete(tree);
        String zipHash = TempTree.sha256(zip);
        Path part = work.resolve("export-2d2d2d2d-2d2d-4d2d-8d2d-2d2d2d2d2d2d.zip.smime");
        // openssl writes definite lengths only without -stream, and then fails beyond 2 GiB (it holds the whole
        // message in one buffer: "BUF_MEM_grow_clean: malloc failure"). So: BER from openssl, re-encoded with
        // definite lengths by an independent script.
        Path ber = work.resolve("message.ber");
        run(
                work,
                "openssl",
                "cms",
                "-encrypt",
                "-binary",
                "-aes256",
                "-stream",
                "-outform",
                "DER",
                "-in",
                zip.toString(),
                "-out",
                ber.toString(),
                CERT.toString());
        run(
                work,
                "python3",
                Path.of("scripts", "ber-to-der.py").toAbsolutePath().toString(),
                ber.toString(),
                part.toString());
        Files.delete(ber);
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(part)) {
            in.readNBytes(head, 0, 8);
        }
        assertEquals(0x30, head[0] & 0xff);
        assertEquals(0x84, head[1] & 0xff, "a 4-byte definite length: the case Bouncy Castle cannot read");
        Files.delete(zip);

        Figures d = tool(
                "2 GiB+ single part, DER, definite lengths >= 2^31: decrypt",
                part,
                "decrypt",
                "-q",
                "-k",
                KEY,
                "-o",
                work.resolve("decrypted.zip"),
                part);
        assertEquals(zipHash, TempTree.sha256(work.resolve("decrypted.zip")), "byte-identical to the zip");
        Files.delete(work.resolve("decrypted.zip"));
        d.record();
        Figures f = tool(
                "2 GiB+ single part, DER, definite lengths >= 2^31: extract",
                part,
                "extract",
                "-q",
                "-k",
                KEY,
                "-o",
                work.resolve("out"),
                part);
        assertEquals(expected, TempTree.digest(work.resolve("out")));
        f.record();
    }

    @Test
    void aZip64ExportOver4GiBSplitIntoEncryptedParts() throws Exception {
        work = fresh("zip64-4g");
        Path tree = Files.createDirectories(work.resolve("tree"));
        randomFile(tree.resolve("recordings").resolve("big.bin"), 4200 * MIB); // one entry over 4 GiB too
        jsonl(tree.resolve("interactions"), 10, 16 * MIB);
        Path zip =
                zip(tree, work.resolve("zip").resolve("export-4a4a4a4a-4a4a-4a4a-8a4a-4a4a4a4a4a4a.zip"), "-s", "1g");
        assertTrue(hasZip64EndRecord(zip), "offsets over 4 GiB need the ZIP64 end record");
        Map<String, String> expected = TempTree.digest(tree);
        TempTree.delete(tree);
        Path parts = Files.createDirectories(work.resolve("parts"));
        long zipBytes = 0;
        try (Stream<Path> s = Files.list(zip.getParent())) {
            for (Path segment : s.sorted().toList()) {
                zipBytes += Files.size(segment);
                run(
                        work,
                        "openssl",
                        "smime",
                        "-encrypt",
                        "-binary",
                        "-aes256",
                        "-stream",
                        "-in",
                        segment.toString(),
                        "-out",
                        parts.resolve(segment.getFileName() + ".smime").toString(),
                        CERT.toString());
                Files.delete(segment);
            }
        }
        assertTrue(zipBytes > 4096 * MIB);
        Path last = parts.resolve(zip.getFileName() + ".smime");
        Figures f = tool(
                "ZIP64 export over 4 GiB (one 4.1 GiB entry), "
                        + TempTree.names(parts).size() + " encrypted parts of 1 GiB",
                parts,
                "extract",
                "-q",
                "-k",
                KEY,
                "-o",
                work.resolve("out"),
                last);
        assertEquals(expected, TempTree.digest(work.resolve("out")));
        f.record();
    }

    @Test
    void anExportWithMoreThan65535Entries() throws Exception {
        work = fresh("entries-70k");
        Path tree = Files.createDirectories(work.resolve("tree"));
        int files = 70_000;
        for (int i = 0; i < files; i++) {
            Path dir = tree.resolve(String.format("day-%03d", i / 700));
            if (i % 700 == 0) {
                Files.createDirectories(dir);
            }
            Files.writeString(
                    dir.resolve(String.format("part-%05d.jsonl", i)),
                    "{\"id\":" + i + ",\"channel\":\"chat\",\"text\":\"message " + i + "\"}\n");
        }
        Path zip = zip(tree, work.resolve("plain.zip"));
        assertTrue(hasZip64EndRecord(zip), "more than 65,535 entries need the ZIP64 end record");
        Map<String, String> expected = TempTree.digest(tree);
        assertEquals(70_100, expected.size(), "70,000 files and 100 folders");
        TempTree.delete(tree);
        Path part = work.resolve("export-7a7a7a7a-7a7a-4a7a-8a7a-7a7a7a7a7a7a.zip.smime");
        run(
                work,
                "openssl",
                "smime",
                "-encrypt",
                "-binary",
                "-aes256",
                "-stream",
                "-in",
                zip.toString(),
                "-out",
                part.toString(),
                CERT.toString());
        Files.delete(zip);
        Figures f = tool(
                "70,000 files in 100 folders (70,100 entries, ZIP64 end record)",
                part,
                "extract",
                "-q",
                "-k",
                KEY,
                "-o",
                work.resolve("out"),
                part);
        assertEquals(expected, TempTree.digest(work.resolve("out")));
        f.record();
    }

    /**
     * Three million empty entries (the security review's 354 MB part): the default --max-entries refuses the
     * export as its entries are read, with a 256 MiB heap; with the limit raised it verifies within the same heap,
     * memory growing only by each entry's central-directory record.
     */
    @Test
    void threeMillionEntries() throws Exception {
        work = fresh("entries-3m");
        int count = 3_000_000;
        Path zip = work.resolve("plain.zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(zip), 1 << 20))) {
            for (int i = 0; i < count; i++) {
                java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry(String.format("d%04d/e%07d", i / 1000, i));
                entry.setMethod(java.util.zip.ZipEntry.STORED);
                entry.setSize(0);
                entry.setCrc(0);
                out.putNextEntry(entry);
                out.closeEntry();
            }
        }
        Path part = work.resolve("export-3a3a3a3a-3a3a-4a3a-8a3a-3a3a3a3a3a3a.zip.smime");
        run(
                work,
                "openssl",
                "smime",
                "-encrypt",
                "-binary",
                "-aes256",
                "-stream",
                "-in",
                zip.toString(),
                "-out",
                part.toString(),
                CERT.toString());
        Files.delete(zip);

        Figures refused = tool(
                ExitCode.UNSAFE.code(),
                "3,000,000 empty entries, default --max-entries: refused",
                part,
                "verify",
                "-q",
                "-k",
                KEY,
                part);
        refused.record();
        Figures verified = tool(
                0,
                "3,000,000 empty entries, --max-entries 3000000: verified",
                part,
                "verify",
                "-q",
                "-k",
                KEY,
                "--max-entries",
                count,
                part);
        verified.record();
    }

    // ---- inputs ------------------------------------------------------------------------------------------

    /** 2,100 MiB of random bytes (stored) and 160 MiB of JSON Lines (deflated): a zip of about 2.2 GiB. */
    private Path twoGiBTree() throws IOException {
        Path tree = Files.createDirectories(work.resolve("tree"));
        randomFile(tree.resolve("recordings").resolve("calls.bin"), 2100 * MIB);
        jsonl(tree.resolve("interactions"), 20, 8 * MIB);
        return tree;
    }

    private static void randomFile(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(size);
        byte[] block = new byte[(int) MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        block[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                out.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
    }

    private static void jsonl(Path dir, int files, long size) throws IOException {
        Files.createDirectories(dir);
        for (int f = 0; f < files; f++) {
            try (OutputStream out = Files.newOutputStream(dir.resolve(String.format("part-%04d.jsonl", f)))) {
                long written = 0;
                for (long i = 0; written < size; i++) {
                    byte[] line = ("{\"id\":\"" + f + "-" + i + "\",\"channel\":\"voice\",\"durationSec\":" + i % 600
                                    + ",\"text\":\"call " + i + " about order " + (i * 7919 % 100_000) + "\"}\n")
                            .getBytes(StandardCharsets.UTF_8);
                    out.write(line);
                    written += line.length;
                }
            }
        }
    }

    /** Info-ZIP from inside {@code tree}: .bin files stored (incompressible), others deflated. */
    private static Path zip(Path tree, Path zip, String... options) throws Exception {
        Files.createDirectories(zip.getParent());
        List<String> cmd = new ArrayList<>(List.of("zip", "-q", "-r", "-X", "-1", "-n", ".bin"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of(zip.toString(), "."));
        run(tree, cmd.toArray(new String[0]));
        return zip;
    }

    /** The ZIP64 end-of-central-directory record's signature (PK 6 6) in the last KiB of {@code zip}. */
    private static boolean hasZip64EndRecord(Path zip) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(zip)) {
            long size = ch.size();
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate((int) Math.min(size, 1024));
            ch.read(tail, size - tail.capacity());
            byte[] b = tail.array();
            for (int i = 0; i + 4 <= b.length; i++) {
                if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 6 && b[i + 3] == 6) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Path fresh(String name) throws IOException {
        Path dir = ROOT.resolve(name);
        TempTree.delete(dir);
        return Files.createDirectories(dir);
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
    }

    // ---- measurement ---------------------------------------------------------------------------------------

    /** What one run of the tool cost. */
    private record Figures(String what, long inputBytes, double seconds, long peakRssKb, String load) {
        void record() throws IOException {
            String line = String.format(
                    "| %s | %,.0f MiB | %.1f s | %,.0f MiB/s | %,d MiB | %s |%n",
                    what,
                    inputBytes / (double) MIB,
                    seconds,
                    inputBytes / (double) MIB / seconds,
                    peakRssKb / 1024,
                    load);
            System.out.print("LARGE " + line);
            Files.writeString(ROOT.resolve("figures.txt"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Runs the tool with a 256 MiB heap under {@code /usr/bin/time -v}; it must succeed. */
    private Figures tool(String what, Path input, Object... args) throws Exception {
        return tool(0, what, input, args);
    }

    /** Runs the tool with a 256 MiB heap under {@code /usr/bin/time -v}; it must exit with {@code exit}. */
    private Figures tool(int exit, String what, Path input, Object... args) throws Exception {
        long inputBytes = 0;
        try (Stream<Path> s = Files.walk(input)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                inputBytes += Files.size(p);
            }
        }
        Path timeLog = work.resolve("time.txt");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", timeLog.toString()));
        cmd.addAll(ChildJvm.command(List.of(HEAP), args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.MINUTES));
        assertEquals(exit, p.exitValue(), what + ":\n" + output);
        if (exit == ExitCode.UNSAFE.code()) {
            assertTrue(output.contains("raise --max-entries"), output);
        }
        String time = Files.readString(timeLog);
        // The machine's load when the run ended: throughput is only comparable between runs on a quiet machine.
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        return new Figures(
                what,
                inputBytes,
                wallSeconds(time),
                number(time, "Maximum resident set size \\(kbytes\\): (\\d+)"),
                load);
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in:\n" + text);
        return Long.parseLong(m.group(1));
    }

    private static double wallSeconds(String text) {
        Matcher m = Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): ([\\d:.]+)")
                .matcher(text);
        assertTrue(m.find(), text);
        double seconds = 0;
        for (String part : m.group(1).split(":")) {
            seconds = seconds * 60 + Double.parseDouble(part);
        }
        return seconds;
    }
}
