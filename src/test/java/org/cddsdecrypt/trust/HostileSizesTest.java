package org.cddsdecrypt.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.testing.ChildJvm;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Exports;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes and counts taken from an archive are checked before memory is given to them: a central directory claiming
 * 2 GiB costs nothing, and entries past {@code --max-entries} are refused as they are read.
 */
class HostileSizesTest {
    @TempDir
    Path tmp;

    /**
     * A 9 MB decrypted export whose end record claims a central directory of 0x7ffffff0 bytes at offset 0: list
     * took that size on trust and allocated 2 GiB before reading anything. In a JVM with a 64 MiB heap it must
     * fail as bad input, not run out of memory.
     */
    @Test
    void listOfAnEndRecordClaimingTwoGigabytesOfDirectoryAllocatesNothing() throws Exception {
        Path part = tmp.resolve("export-0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f.zip");
        byte[] data = new byte[9 * 1024 * 1024];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry("recordings/call.bin");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(data.length);
            CRC32 crc = new CRC32();
            crc.update(data);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(data);
        }
        byte[] zip = bytes.toByteArray();
        ByteBuffer end = ByteBuffer.wrap(zip, zip.length - 22, 22).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x06054b50, end.getInt(0), "end record without a comment");
        end.putInt(12, 0x7ffffff0).putInt(16, 0);
        Files.write(part, zip);

        Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m"), "list", part))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(ExitCode.BAD_INPUT.code(), p.exitValue(), output);
        assertTrue(
                output.contains("zip central directory lies beyond the end of the export (2147483632 bytes at "
                        + "offset 0 of at most " + zip.length + ")"),
                output);
        assertFalse(output.contains("OutOfMemoryError"), output);
    }

    /** 12 segments of a tree with this many files and folders: the limit is exact. */
    @Test
    void entriesPastMaxEntriesAreRefusedByEveryCommand() throws Exception {
        Exports.Export split12 = Exports.get("split12");
        int entries = Trees.shape(split12.treePath()).size();
        Path key = Fixtures.key("rsa.key");
        Path part = split12.part(".z01.smime");
        String refused = "the export holds more than " + (entries - 1) + " entries; raise --max-entries if this "
                + "export is genuine";

        Path out = Files.createDirectories(tmp.resolve("out"));
        Cli.Result extract =
                new Cli().run("extract", "-k", key, "--max-entries", entries - 1, "-o", out.resolve("dest"), part);
        assertEquals(ExitCode.UNSAFE.code(), extract.code(), extract::toString);
        assertEquals("cdds-decrypt: " + refused + "\n", extract.err());
        assertEquals(List.of(), TempTree.names(out), "nothing left behind");

        for (String command : List.of("verify", "list")) {
            Cli.Result r = new Cli().run(command, "-k", key, "--max-entries", entries - 1, part);
            assertEquals(ExitCode.UNSAFE.code(), r.code(), r::toString);
            assertTrue(r.err().contains(refused), r.err());
            assertEquals(
                    0,
                    new Cli()
                            .run(command, "-k", key, "--max-entries", entries, part)
                            .code(),
                    command);
        }
        assertEquals(
                0,
                new Cli()
                        .run("extract", "-q", "-k", key, "--max-entries", entries, "-o", out.resolve("dest"), part)
                        .code());
        Trees.assertSameTree(split12.treePath(), out.resolve("dest"));
    }
}
