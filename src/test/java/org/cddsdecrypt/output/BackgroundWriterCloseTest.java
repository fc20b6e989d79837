package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        OutputStream out = writer.stream(channel);
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
        OutputStream first = writer.stream(broken);
        OutputStream other = writer.stream(second);
        first.write(new byte[10]);
        assertThrows(IOException.class, writer::await);
        assertThrows(IOException.class, other::close, "the failure is reported");
        writer.close();
        assertFalse(second.isOpen(), "file left open after another write failed");
    }
}
