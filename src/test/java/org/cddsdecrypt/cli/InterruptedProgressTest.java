package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cddsdecrypt.testing.ChildJvm;
import org.cddsdecrypt.testing.Fixtures;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGTERM here: both run the shutdown hooks) while the progress line is shown: the line is wiped, so the
 * shell's prompt starts at the left on an empty line, and the partial output is removed.
 */
class InterruptedProgressTest {
    @TempDir
    Path tmp;

    @Test
    void anInterruptedRunLeavesTheTerminalLineClean() throws Exception {
        byte[] message = Files.readAllBytes(Fixtures.message("aes256.smime"));
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(
                List.of("-D" + Terminal.PROPERTY + "=1"),
                "decrypt",
                "-k",
                Fixtures.key("rsa.key"),
                "-o",
                tmp.resolve("out.bin"),
                "-"));
        pb.environment().remove("CI");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // A file, not a pipe: Process.destroy() closes the pipes, and what the shutdown hooks print would be lost.
        Path log = Files.createTempFile("cdds-interrupted", ".txt");
        pb.redirectError(log.toFile());
        Process child = pb.start();
        OutputStream stdin = child.getOutputStream();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int sent = 0;
        while (!Files.readString(log).contains("B/s") && System.nanoTime() < deadline) {
            // a trickle of the message, never all of it: the run waits for more, with a frame on the line
            if (sent < message.length / 2) {
                stdin.write(message, sent, 64);
                stdin.flush();
                sent += 64;
            }
            Thread.sleep(50);
        }
        assertTrue(Files.readString(log).contains("B/s"), "a frame was drawn: " + Files.readString(log));
        // SIGTERM alone, as a kill or Ctrl-C would: Process.destroy() also closes stdin, and a child that reads the
        // end of its input first fails the run (ending the line under the frame) before the signal is handled.
        assertTrue(child.toHandle().destroy());
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        stdin.close();
        String err = Files.readString(log);
        Files.delete(log);
        String lastFrame = err.substring(err.lastIndexOf('\r', err.length() - 2));
        assertTrue(
                err.endsWith("\r"),
                "the line ends wiped, cursor at the left (exit " + child.exitValue() + "): "
                        + err.replace("\r", "\\r"));
        assertTrue(
                lastFrame.matches("\r +\r"),
                "the last thing written blanks the frame: " + lastFrame.replace("\r", "\\r"));
        assertEquals(List.of(), Trees.names(tmp), "no partial output");
        assertFalse(err.contains("Exception"), err);
    }
}
