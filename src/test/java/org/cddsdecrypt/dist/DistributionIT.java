package org.cddsdecrypt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;

/** After {@code package}: the generated man pages and completion, and what the distribution archives hold. */
class DistributionIT {
    static final String VERSION = System.getProperty("cdds.version");
    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final String BASE = "cdds-decrypt-" + VERSION + "/";
    private static final List<String> COMMANDS =
            List.of("extract", "decrypt", "list", "verify", "info", "cat", "batch", "keygen", "keys", "help");

    /**
     * Unpacks the tar.gz distribution with {@code tar} into {@code work} (emptied first), as a user would; returns
     * the folder it made, {@code work/cdds-decrypt-<version>}.
     */
    static Path unpackTarGz(Path work) throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        Path tgz = TARGET.resolve("cdds-decrypt-" + VERSION + "-dist.tar.gz");
        Process tar = new ProcessBuilder("tar", "xzf", tgz.toString(), "-C", work.toString())
                .inheritIO()
                .start();
        assertTrue(tar.waitFor(2, TimeUnit.MINUTES) && tar.exitValue() == 0, "tar xzf " + tgz);
        return work.resolve(BASE);
    }

    /** Deletes {@code dir} and everything in it, if it exists. */
    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                        .toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The bcprov jar as Maven resolved it: the distribution ships its classes without its signature. */
    static Path bcprovInLocalRepository() {
        String bc = System.getProperty("cdds.bouncycastle.version");
        return Path.of(
                System.getProperty("cdds.localRepository"),
                "org",
                "bouncycastle",
                "bcprov-jdk18on",
                bc,
                "bcprov-jdk18on-" + bc + ".jar");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A jar's signature files (UnsignJars also drops SIG-* and lowercase names; Bouncy Castle's are these). */
    private static final String SIGNATURE_FILE = "META-INF/[^/]+\\.(SF|RSA|DSA|EC)";

    /** Every entry of a jar but its manifest and signature files, by name, with the SHA-256 of its content. */
    private static Map<String, String> contentDigests(JarFile jar) throws Exception {
        Map<String, String> digests = new java.util.TreeMap<>();
        for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
            String name = entry.getName();
            if (name.equals(JarFile.MANIFEST_NAME) || name.matches(SIGNATURE_FILE)) {
                continue;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                digests.put(name, sha256(in.readAllBytes()));
            }
        }
        return digests;
    }

    /**
     * The shipped bcprov is Maven's artifact without its signature (scripts/UnsignJars.java): the same classes byte
     * for byte, the manifest's main section (Multi-Release, versions) and nothing that makes the JVM verify it.
     */
    private static void assertUnsignedCopyOfBcprov(byte[] shipped) throws Exception {
        Path copy = Files.createTempFile("bcprov-shipped", ".jar");
        try {
            Files.write(copy, shipped);
            try (JarFile original = new JarFile(bcprovInLocalRepository().toFile(), false);
                    JarFile ours = new JarFile(copy.toFile(), true)) {
                assertTrue(original.stream().anyMatch(e -> e.getName().endsWith(".SF")), "Maven's bcprov is signed");
                assertTrue(ours.stream().noneMatch(e -> e.getName().matches(SIGNATURE_FILE)), "no signature files");
                assertEquals(
                        original.getManifest().getMainAttributes(),
                        ours.getManifest().getMainAttributes());
                assertEquals("true", ours.getManifest().getMainAttributes().getValue("Multi-Release"));
                assertEquals(Map.of(), ours.getManifest().getEntries(), "no per-entry digests");
                Map<String, String> expected = contentDigests(original);
                assertTrue(expected.size() > 1000, "bcprov has its classes");
                assertEquals(expected, contentDigests(ours), "every class byte for byte");
                JarEntry provider = ours.getJarEntry("org/bouncycastle/jce/provider/BouncyCastleProvider.class");
                try (InputStream in = ours.getInputStream(provider)) {
                    in.readAllBytes();
                }
                assertEquals(null, provider.getCodeSigners(), "the JVM has nothing to verify");
            }
        } finally {
            Files.delete(copy);
        }
    }

    @Test
    void manPagesExistForTheToolAndEveryCommand() throws Exception {
        Path man = TARGET.resolve("generated-docs/man/man1");
        assertPage(man.resolve("cdds-decrypt.1"), "CDDS-DECRYPT");
        for (String command : COMMANDS) {
            assertPage(man.resolve("cdds-decrypt-" + command + ".1"), "CDDS-DECRYPT-" + command.toUpperCase());
        }
        String extract = Files.readString(man.resolve("cdds-decrypt-extract.1"));
        assertTrue(extract.contains("\\-\\-include"), "options documented (troff escapes hyphens)");
        assertTrue(extract.contains("**/*.jsonl"), "globs survive the AsciiDoc conversion");
        assertTrue(extract.contains("export incomplete"), "exit codes documented");
    }

    private static void assertPage(Path page, String title) throws IOException {
        assertTrue(Files.isRegularFile(page), page + " exists");
        String troff = Files.readString(page);
        String th = ".TH \"" + title.replace("-", "\\-") + "\" \"1\""; // troff escapes '-'
        assertTrue(troff.contains(th), page + " is a section-1 troff page");
        assertTrue(troff.contains(".SH \"SYNOPSIS\""), page + " has a synopsis");
        assertTrue(troff.contains("EXIT CODES"), page + " has the exit codes");
    }

    @Test
    void completionScriptCompletesCommandsAndOptions() throws Exception {
        Path script = TARGET.resolve("generated-docs/cdds-decrypt.bash");
        assertTrue(Files.isRegularFile(script));
        assertEquals("extract", complete(script, "ext"));
        assertEquals("--include", complete(script, "extract --incl"));
    }

    /** Runs the completion function in bash the way bash does on TAB, and returns what it offers. */
    private static String complete(Path script, String line) throws Exception {
        String[] words = ("cdds-decrypt " + line).split(" ");
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append("'");
        }
        String program = "source '" + script + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='cdds-decrypt " + line + "'; COMP_POINT=${#COMP_LINE}; "
                + "_complete_cdds-decrypt; printf '%s\\n' \"${COMPREPLY[@]}\"";
        // stderr (compopt complains outside a real completion) is not what is offered
        Process p = new ProcessBuilder("bash", "-c", program)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void zipHoldsLauncherJarsUnmodifiedManPagesAndCompletion() throws Exception {
        Path zip = TARGET.resolve("cdds-decrypt-" + VERSION + "-dist.zip");
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory()) {
                    try (InputStream in = z.getInputStream(entry)) {
                        entries.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        assertLayout(entries);
        String bat = new String(entries.get(BASE + "bin/cdds-decrypt.bat"), StandardCharsets.US_ASCII);
        assertTrue(bat.contains("org.cddsdecrypt.cli.Main %*\r\n"), "Windows line ends: " + bat);
    }

    @Test
    void tarGzHoldsTheSameWithAnExecutableLauncher() throws Exception {
        Path tgz = TARGET.resolve("cdds-decrypt-" + VERSION + "-dist.tar.gz");
        Map<String, byte[]> entries = new HashMap<>();
        int launcherMode = 0;
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(tgz)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    tar.transferTo(bytes);
                    entries.put(e.getName(), bytes.toByteArray());
                    if (e.getName().equals(BASE + "bin/cdds-decrypt")) {
                        launcherMode = e.getMode();
                    }
                }
            }
        }
        assertLayout(entries);
        assertEquals(0755, launcherMode & 0777, "bin/cdds-decrypt is executable");
        String launcher = new String(entries.get(BASE + "bin/cdds-decrypt"), StandardCharsets.UTF_8);
        assertTrue(launcher.startsWith("#!/bin/sh\n") && !launcher.contains("\r"), "POSIX sh, LF line ends");
    }

    private static void assertLayout(Map<String, byte[]> entries) throws Exception {
        for (String name : List.of(
                "bin/cdds-decrypt",
                "bin/cdds-decrypt.bat",
                "README.md",
                "LICENSE",
                "completion/cdds-decrypt.bash",
                "man/man1/cdds-decrypt.1",
                "lib/cdds-decrypt-" + VERSION + ".jar",
                "lib/picocli-4.7.7.jar")) {
            assertNotNull(entries.get(BASE + name), name + " in " + entries.keySet());
        }
        for (String command : COMMANDS) {
            assertNotNull(entries.get(BASE + "man/man1/cdds-decrypt-" + command + ".1"), command + " man page");
        }
        assertTrue(new String(entries.get(BASE + "LICENSE"), StandardCharsets.UTF_8).contains("Apache License"));
        assertTrue(new String(entries.get(BASE + "README.md"), StandardCharsets.UTF_8).contains("## Install"));
        assertFalse(entries.keySet().stream().anyMatch(n -> n.contains("picocli-codegen")), "build-time only");

        Path bcprov = bcprovInLocalRepository();
        byte[] shipped = entries.get(BASE + "lib/" + bcprov.getFileName());
        assertNotNull(shipped, bcprov.getFileName() + " in lib/");
        assertUnsignedCopyOfBcprov(shipped);
    }

    @Test
    void projectJarIsNotShadedAndTheLauncherUsesTheUnsignedCopies() throws Exception {
        try (JarFile own =
                new JarFile(TARGET.resolve("cdds-decrypt-" + VERSION + ".jar").toFile())) {
            assertTrue(own.stream().noneMatch(e -> e.getName().startsWith("org/bouncycastle/")), "no BC inside");
        }
        assertUnsignedCopyOfBcprov(Files.readAllBytes(
                TARGET.resolve("lib").resolve(bcprovInLocalRepository().getFileName())));
    }
}
