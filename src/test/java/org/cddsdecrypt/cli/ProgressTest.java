package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProgressTest {
    private static final long MS = 1_000_000L;

    @Test
    void frameShowsPercentBytesRateAndEta() {
        String f = Progress.frame(25L << 20, 100L << 20, 2_000 * MS, false);
        assertEquals(" 25% [=====>              ] 25.0 MiB of 100.0 MiB  12.5 MiB/s  ETA 0:06", f);
    }

    @Test
    void lastFrameShowsTheTimeTaken() {
        String f = Progress.frame(3000, 3000, 1_500 * MS, true);
        assertEquals("100% [====================] 2.9 KiB of 2.9 KiB  2.0 KiB/s  done in 0:02", f);
    }

    @Test
    void unknownTotalShowsBytesAndRateOnly() {
        assertEquals("512 B  256 B/s", Progress.frame(512, -1, 2_000 * MS, false));
        assertEquals(
                " 0% [>                   ] 0 B of 1.0 KiB  --/s  ETA --:--".trim(),
                Progress.frame(0, 1024, 0, false).trim());
    }

    @Test
    void unitsAndDurations() {
        assertEquals("1023 B", Progress.bytes(1023));
        assertEquals("1.0 KiB", Progress.bytes(1024));
        assertEquals("1.5 GiB", Progress.bytes(3L << 29));
        assertEquals("0:59", Progress.duration(59.4));
        assertEquals("1:02:03", Progress.duration(3723));
    }

    @Test
    void redrawsAtMostTenTimesASecondAndEndsTheLine() {
        StringWriter out = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress p = Progress.on(new PrintWriter(out), 1000, clock::get);
        for (int i = 0; i < 100; i++) {
            clock.addAndGet(10 * MS); // 100 counts over one second
            p.accept(10);
        }
        long frames = out.toString().chars().filter(c -> c == '\r').count();
        assertTrue(frames >= 9 && frames <= 10, frames + " frames in one second: " + out);
        p.finish();
        assertTrue(out.toString().endsWith(System.lineSeparator()));
        assertTrue(
                out.toString().contains("100% [====================] 1000 B of 1000 B  1000 B/s  done in 0:01"),
                out.toString());
        p.close();
        p.accept(5);
        assertTrue(out.toString().endsWith(System.lineSeparator()), "nothing after finish");
    }

    @Test
    void messagesStartOnACleanLine() {
        StringWriter out = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress p = Progress.on(new PrintWriter(out, true), 1000, clock::get);
        clock.addAndGet(200 * MS);
        p.accept(100);
        PrintWriter err = new PrintWriter(out, true);
        p.around(err::println).accept("warning: something");
        String s = out.toString();
        int message = s.indexOf("warning: something");
        assertTrue(s.substring(0, message).endsWith("\r"), "line wiped before the message: " + s);
        p.close();
    }

    @Test
    void closeAfterAFailureKeepsTheLastFrameAndEndsTheLine() {
        StringWriter out = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress p = Progress.on(new PrintWriter(out), 1000, clock::get);
        clock.addAndGet(200 * MS);
        p.accept(400);
        p.close();
        assertTrue(out.toString().contains(" 40% "), out.toString());
        assertTrue(out.toString().endsWith(System.lineSeparator()));
    }

    @Test
    void offShowsNothing() {
        Progress off = Progress.off();
        off.accept(10);
        off.finish();
        off.close();
        assertFalse(off.isOn());
    }

    @Test
    void decisionFollowsOptionsQuietCiAndTerminal() {
        assertEquals(true, wanted(true, new String[0]));
        assertEquals(false, wanted(false, new String[0]));
        assertEquals(false, wanted(true, new String[] {"-q"}));
        assertEquals(false, wanted(true, new String[0], "CI", "true"));
        assertEquals(true, wanted(false, new String[] {"--progress"}, "CI", "true"));
        assertEquals(true, wanted(false, new String[] {"--progress", "-q"}));
        assertEquals(false, wanted(true, new String[] {"--no-progress"}));
    }

    private static boolean wanted(boolean terminal, String[] args, String... env) {
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < env.length; i += 2) {
            variables.put(env[i], env[i + 1]);
        }
        VerifyCommand command = new VerifyCommand();
        String[] argv = new String[args.length + 1];
        System.arraycopy(args, 0, argv, 0, args.length);
        argv[args.length] = "PART";
        new CommandLine(command).parseArgs(argv);
        Environment environment = new Environment(variables, null, null, new PrintWriter(new StringWriter()), terminal);
        return command.progressOptions.wanted(environment, command.verbosity);
    }

    /** A passphrase prompt: the line is cleared first, no frame is drawn over it, its time is not counted. */
    @Test
    void aPromptGetsItsOwnLineAndItsTimeIsLeftOutOfRateAndEta() {
        StringWriter out = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress p = Progress.on(new PrintWriter(out), 4000, clock::get);
        clock.addAndGet(1_000 * MS);
        p.accept(1000); // a frame on screen: 1000 B in 1 s
        assertTrue(out.toString().contains("1000 B/s"), out.toString());
        int before = out.toString().length();
        String shown = p.pausedFor(() -> {
            clock.addAndGet(30_000 * MS); // someone typing for 30 s, while another thread reads on
            p.accept(1000);
            return out.toString().substring(before);
        });
        assertTrue(shown.matches("\r +\r"), "only the wipe of the line while asking: " + shown.replace("\r", "\\r"));
        clock.addAndGet(1_000 * MS);
        p.accept(1000);
        String last = out.toString()
                .substring(out.toString().lastIndexOf('\r', out.toString().length() - 1));
        assertTrue(
                last.contains(" 75% [===============>    ] 2.9 KiB of 3.9 KiB  1.5 KiB/s  ETA 0:01"),
                "3000 B in 2 s, not in 32 s: " + last);
        p.finish();
        assertTrue(out.toString().contains("done in 0:02"), out.toString());
    }

    /** Ctrl-C while a frame is shown: the shutdown hook wipes it, so the shell's prompt starts clean. */
    @Test
    void anInterruptLeavesTheLineClean() {
        StringWriter out = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress p = Progress.on(new PrintWriter(out), 1000, clock::get);
        clock.addAndGet(1_000 * MS);
        p.accept(500);
        String frame = out.toString();
        assertTrue(frame.startsWith("\r 50%"), frame);
        p.onInterrupt();
        assertTrue(out.toString().endsWith("\r" + " ".repeat(frame.length() - 1) + "\r"), out.toString());
        p.close();
        StringWriter quiet = new StringWriter();
        Progress off = Progress.on(new PrintWriter(quiet), 1000, clock::get);
        off.onInterrupt();
        assertEquals("", quiet.toString(), "nothing to wipe when no frame was drawn");
    }
}
