package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where decrypt writes: names, -o forms, stdin/stdout, existing files, modes, several inputs. */
class DecryptOutputTest {
    @TempDir
    Path dir;

    private byte[] payload;
    private Path key;

    @BeforeEach
    void setUp() throws Exception {
        payload = Files.readAllBytes(Fixtures.payload());
        key = Fixtures.key("rsa.key");
    }

    @Test
    void outputDirectoryGetsTheInputNameWithoutItsWrapperSuffix() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in"));
        String export = "export-2b710a2c-0e7f-4918-983c-c02d108eaeb0";
        Files.copy(Fixtures.message("aes256.smime"), in.resolve(export + ".zip.smime"));
        Files.copy(Fixtures.message("aes256.smime"), in.resolve(export + ".z01.smime"));
        Files.copy(Fixtures.message("der.p7m"), in.resolve("part.zip.p7m"));
        Files.copy(Fixtures.message("cms.pem"), in.resolve("part.z02.PEM"));
        Path out = Files.createDirectory(dir.resolve("out"));

        Cli.Result r = run(
                "-o",
                out,
                in.resolve(export + ".zip.smime"),
                in.resolve(export + ".z01.smime"),
                in.resolve("part.zip.p7m"),
                in.resolve("part.z02.PEM"));

        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of(export + ".z01", export + ".zip", "part.z02", "part.zip"), DecryptFailuresTest.list(out));
        for (String name : DecryptFailuresTest.list(out)) {
            assertArrayEquals(payload, Files.readAllBytes(out.resolve(name)), name);
        }
    }

    /** Without -o the file goes to the current directory; that needs a process of its own to set it. */
    @Test
    void withoutOutputOptionWritesIntoTheWorkingDirectory() throws Exception {
        Path cwd = Files.createDirectory(dir.resolve("cwd"));
        Processes.Run run = Processes.run(
                cwd,
                Map.of(),
                Processes.cddsDecrypt(
                        "decrypt",
                        "-k",
                        key.toString(),
                        Fixtures.message("aes256.smime").toString()));
        assertEquals(0, run.code(), run.output());
        assertEquals(List.of("aes256"), DecryptFailuresTest.list(cwd));
        assertArrayEquals(payload, Files.readAllBytes(cwd.resolve("aes256")));
        assertEquals(
                List.of("aes256.smime"),
                DecryptFailuresTest.list(Fixtures.message("aes256.smime").getParent()).stream()
                        .filter(n -> n.startsWith("aes256"))
                        .toList(),
                "nothing written beside input");
    }

    @Test
    void outputFileName() throws Exception {
        Path out = dir.resolve("chosen-name.zip");
        Cli.Result r = run("-o", out, Fixtures.message("gcm.smime"));
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of("chosen-name.zip"), DecryptFailuresTest.list(dir));
        assertArrayEquals(payload, Files.readAllBytes(out));
    }

    @Test
    void dashWritesToStandardOutput() {
        Cli.Result r = run("-o", "-", Fixtures.message("aes256.smime"));
        assertEquals(0, r.code(), r::toString);
        assertArrayEquals(payload, r.stdoutBytes());
        assertEquals("", r.err());
    }

    @Test
    void dashReadsStandardInput() throws Exception {
        Path out = dir.resolve("from-stdin.bin");
        Cli.Result r = new Cli()
                .stdin(Files.readAllBytes(Fixtures.message("crlf.smime")))
                .run("decrypt", "-k", key, "-o", out, "-");
        assertEquals(0, r.code(), r::toString);
        assertArrayEquals(payload, Files.readAllBytes(out));

        Cli.Result piped = new Cli()
                .stdin(Files.readAllBytes(Fixtures.message("der.p7m")))
                .run("decrypt", "-k", key, "-o", "-", "-");
        assertEquals(0, piped.code(), piped::toString);
        assertArrayEquals(payload, piped.stdoutBytes());
    }

    @Test
    void existingDestinationIsRefusedAndKeptIntact() throws Exception {
        Path out = Files.writeString(dir.resolve("out.zip"), "precious");
        Cli.Result r = run("-o", out, Fixtures.message("aes256.smime"));
        assertEquals(7, r.code(), r::toString);
        assertTrue(r.err().contains("--force"), r.err());
        assertEquals("precious", Files.readString(out));
        assertEquals(List.of("out.zip"), DecryptFailuresTest.list(dir), "no temporary file left");
    }

    @Test
    void existingFileInOutputDirectoryIsRefusedToo() throws Exception {
        Path outDir = Files.createDirectory(dir.resolve("out"));
        Files.writeString(outDir.resolve("aes256"), "precious");
        Cli.Result r = run("-o", outDir, Fixtures.message("aes256.smime"));
        assertEquals(7, r.code(), r::toString);
        assertEquals("precious", Files.readString(outDir.resolve("aes256")));
    }

    @Test
    void forceReplaces() throws Exception {
        Path out = Files.writeString(dir.resolve("out.zip"), "old");
        Cli.Result r = run("--force", "-o", out, Fixtures.message("aes256.smime"));
        assertEquals(0, r.code(), r::toString);
        assertArrayEquals(payload, Files.readAllBytes(out));
        assertEquals(List.of("out.zip"), DecryptFailuresTest.list(dir));
    }

    @Test
    void failedForceLeavesTheOldFile() throws Exception {
        Path out = Files.writeString(dir.resolve("out.zip"), "old");
        Cli.Result r = run("--force", "-o", out, Fixtures.message("badpad.smime"));
        assertEquals(5, r.code(), r::toString);
        assertEquals("old", Files.readString(out));
        assertEquals(List.of("out.zip"), DecryptFailuresTest.list(dir));
    }

    @Test
    void outputIsOwnerOnlyByDefault() throws Exception {
        Path out = dir.resolve("out.zip");
        assertEquals(0, run("-o", out, Fixtures.message("aes256.smime")).code());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));

        Path replaced = Files.writeString(dir.resolve("replaced.zip"), "old");
        Files.setPosixFilePermissions(replaced, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(
                0,
                run("--force", "-o", replaced, Fixtures.message("aes256.smime")).code());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(replaced)));
    }

    @Test
    void umaskOptionUsesTheProcessUmask() throws Exception {
        Set<PosixFilePermission> umaskMode = Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe")));
        Path out = dir.resolve("out.zip");
        assertEquals(
                0, run("--umask", "-o", out, Fixtures.message("aes256.smime")).code());
        assertEquals(umaskMode, Files.getPosixFilePermissions(out));
    }

    @Test
    void severalInputsOneFailing() throws Exception {
        Path outDir = Files.createDirectory(dir.resolve("out"));
        Cli.Result r = run(
                "-o",
                outDir,
                Fixtures.message("aes256.smime"),
                Fixtures.message("truncated.smime"),
                Fixtures.message("der.p7m"));
        assertEquals(5, r.code(), r::toString);
        assertEquals(List.of("aes256", "der"), DecryptFailuresTest.list(outDir));
        assertArrayEquals(payload, Files.readAllBytes(outDir.resolve("aes256")));
        assertArrayEquals(payload, Files.readAllBytes(outDir.resolve("der")));
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("truncated.smime"), "the failing file is named: " + r.err());
    }

    @Test
    void severalInputsExitWithTheFirstFailuresCode() throws Exception {
        Path outDir = Files.createDirectory(dir.resolve("out"));
        Files.writeString(outDir.resolve("aes128"), "exists");
        Cli.Result r = run(
                "-o",
                outDir,
                Fixtures.message("aes128.smime"),
                Fixtures.message("badpad.p7m"),
                Fixtures.message("aes192.smime"));
        assertEquals(7, r.code(), r::toString);
        assertEquals(2, r.err().lines().count(), r.err());
        assertEquals(List.of("aes128", "aes192"), DecryptFailuresTest.list(outDir));
        assertEquals("exists", Files.readString(outDir.resolve("aes128"), StandardCharsets.UTF_8));
    }

    private Cli.Result run(Object... args) {
        Object[] all = new Object[args.length + 3];
        all[0] = "decrypt";
        all[1] = "-k";
        all[2] = key;
        System.arraycopy(args, 0, all, 3, args.length);
        return new Cli().run(all);
    }
}
