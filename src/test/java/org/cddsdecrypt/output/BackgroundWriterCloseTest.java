package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.OutputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file handed to the writer is closed, whatever happened: a failed write, or the writer stopped first. */
class BackgroundWriterCloseTest {
    @TempDir
    Path tmp;

    private FileChannel open(String name) throws IOException {
        return FileChannel.open(tmp.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Test
    void aStreamClosedAfterTheWriterStoppedClosesItsFile() throws Exception {
        BackgroundWriter writer = new BackgroundWriter();
        FileChannel channel = open("a");
        OutputStream out = writer.stream(channel, "a");
        out.write(new byte[1000]);
        writer.close();
        try {
            out.close();
        } catch (IOException stopped) {
            // Reported: the writer was stopped (or interrupted) before the file was complete.
        }
        assertFalse(channel.isOpen(), "file left open after the writer stopped");
    }

    @Test
    void filesAreClosedAfterAWriteFailed() throws Exception {
        BackgroundWriter writer = new BackgroundWriter();
        FileChannel broken = open("broken");
        broken.close(); // writes to it fail, as on a full disk
        FileChannel second = open("second");
        OutputStream first = writer.stream(broken, "broken");
        OutputStream other = writer.stream(second, "second");
        first.write(new byte[10]);
        assertThrows(IOException.class, writer::await);
        assertThrows(IOException.class, other::close, "the failure is reported");
        writer.close();
        assertFalse(second.isOpen(), "file left open after another write failed");
    }

    /**
     * The kernel's own "No space left on device" ({@code /dev/full}) met on the writer thread reaches the
     * extracting thread as the output error it would have been there: exit 7, the file named, at every call.
     */
    @Test
    void aFullDiskOnTheWriterThreadIsReportedAsAnOutputError() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "no /dev/full here");
        try (BackgroundWriter writer = new BackgroundWriter()) {
            OutputStream out = writer.stream(FileChannel.open(full, StandardOpenOption.WRITE), "a/b.jsonl");
            out.write(new byte[1000]);
            OutputException e = assertThrows(OutputException.class, writer::await);
            assertEquals(ExitCode.OUTPUT, e.exitCode());
            assertEquals("cannot write a/b.jsonl: no space left on device", e.getMessage());
            assertEquals(e.getMessage(), assertThrows(OutputException.class, () -> out.write(new byte[10]))
                    .getMessage());
            // A write and the close of a try-with-resources both failing: once the same instance twice, which
            // Java refuses to add to itself as suppressed (IllegalArgumentException, reported as an internal error).
            OutputException both = assertThrows(OutputException.class, () -> {
                try (OutputStream again = out) {
                    again.write(new byte[10]);
                }
            });
            assertEquals(e.getMessage(), both.getMessage());
            assertEquals(1, both.getSuppressed().length);
        }
    }
}
