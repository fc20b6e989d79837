package org.cddsdecrypt.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A one-line live progress display on standard error: percentage, a bar, bytes done of the total, rate and time
 * left, redrawn in place with a carriage return at most ten times a second. Fed with byte counts (of encrypted
 * input read) through {@link #accept}; {@link #finish} draws the last frame and ends the line.
 *
 * <p>Drawn by hand rather than with a progress-bar library: the one that fits (me.tongfei:progressbar 0.10.1)
 * brings jline-terminal, whose terminal detection ran {@code test -t} four times and {@code tty} once as
 * subprocesses, writes colour escapes, and took over a second for a trivial bar when tried here; it also runs a
 * refresh thread. That is a lot for one line of text. No colours and no escape sequences are written here (so
 * {@code NO_COLOR} has nothing to turn off): only {@code \r}, and spaces to wipe a longer previous frame.
 *
 * <p>Messages printed while a frame is shown must go through {@link #around} (or follow {@link #clearLine}), so
 * that they start on a clean line. Thread-safe: bytes are counted on whichever thread reads a part.
 */
public final class Progress implements LongConsumer, AutoCloseable {
    /** At most ten frames a second. */
    static final long REDRAW_NANOS = 100_000_000L;

    private static final int BAR_WIDTH = 20;
    private static final Progress OFF = new Progress(null, 0, System::nanoTime);

    private final PrintWriter err;
    private final LongSupplier clock;
    private final long start;
    private final long total;
    private long done;
    private long lastDraw;
    private long pausedNanos;
    private boolean paused;
    private int lastWidth;
    private volatile boolean onScreen;
    /** Set by the interrupt hook: no frame is drawn after the wipe. */
    private boolean interrupted;

    private boolean finished;
    private Thread interruptHook;

    private Progress(PrintWriter err, long total, LongSupplier clock) {
        this.err = err;
        this.total = total;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastDraw = start;
    }

    /** A display that shows nothing. */
    public static Progress off() {
        return OFF;
    }

    /** A display on {@code err} for {@code total} bytes (negative: unknown, shown without percentage and ETA). */
    public static Progress on(PrintWriter err, long total) {
        return on(err, total, System::nanoTime);
    }

    static Progress on(PrintWriter err, long total, LongSupplier nanoClock) {
        return new Progress(err, total, nanoClock);
    }

    public boolean isOn() {
        return err != null;
    }

    /** Counts {@code bytes} more as done and redraws if the last frame is old enough. */
    @Override
    public synchronized void accept(long bytes) {
        if (err == null || finished) {
            return;
        }
        done += bytes;
        long now = clock.getAsLong();
        if (!paused && now - lastDraw >= REDRAW_NANOS) {
            draw(frame(done, total, elapsed(now), false));
            lastDraw = now;
        }
    }

    /** Wipes the frame on screen, if any, so the next output starts on a clean line; the next count redraws. */
    public synchronized void clearLine() {
        if (err != null && onScreen) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            onScreen = false;
            lastWidth = 0;
        }
    }

    /** Work that may ask on the terminal (key loading with its passphrase prompt). */
    public interface Interaction<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code interaction} on a clean line with the display paused: bytes still count, but no frame is drawn
     * over a prompt, and the time it takes (someone typing a passphrase) is left out of the rate and time left.
     */
    public <T, E extends Exception> T pausedFor(Interaction<T, E> interaction) throws E {
        long since;
        synchronized (this) {
            clearLine();
            paused = true;
            since = clock.getAsLong();
        }
        try {
            return interaction.run();
        } finally {
            synchronized (this) {
                paused = false;
                pausedNanos += clock.getAsLong() - since;
            }
        }
    }

    private long elapsed(long now) {
        return now - start - pausedNanos;
    }

    /** {@code printer}, wiping the progress line before each message. */
    public Consumer<String> around(Consumer<String> printer) {
        if (err == null) {
            return printer;
        }
        return message -> {
            synchronized (this) {
                clearLine();
                printer.accept(message);
            }
        };
    }

    /** The work succeeded: draws the final frame (100%, average rate, time taken) and ends the line. */
    public synchronized void finish() {
        if (err == null || finished) {
            return;
        }
        draw(frame(done, total < 0 ? -1 : Math.max(total, done), elapsed(clock.getAsLong()), true));
        err.println();
        err.flush();
        finished = true;
        onScreen = false;
        removeInterruptHook();
    }

    /** Ends the line under the last frame (kept, so one sees how far the work got before an error message). */
    @Override
    public synchronized void close() {
        if (err != null && !finished && onScreen) {
            err.println();
            err.flush();
            onScreen = false;
        }
        finished = true;
        removeInterruptHook();
    }

    /**
     * Ctrl-C (or a kill) while a frame is shown: wipes it, so the shell's prompt starts on a clean line. Not
     * synchronized on this object, whose holder may never run again; only on the stream, which {@link #draw} holds
     * just while writing one frame, so a frame half-drawn when the signal came is finished first, then wiped.
     */
    void onInterrupt() {
        synchronized (err) {
            interrupted = true;
            if (onScreen) {
                err.print("\r" + " ".repeat(lastWidth) + "\r");
                err.flush();
            }
        }
    }

    private void removeInterruptHook() {
        if (interruptHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(interruptHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
            interruptHook = null;
        }
    }

    private void draw(String frame) {
        if (interruptHook == null && !finished) {
            interruptHook = new Thread(this::onInterrupt, "cdds-progress-interrupted");
            Runtime.getRuntime().addShutdownHook(interruptHook);
        }
        synchronized (err) {
            if (interrupted) {
                return;
            }
            int pad = Math.max(0, lastWidth - frame.length());
            err.print("\r" + frame + " ".repeat(pad));
            err.flush();
            lastWidth = frame.length();
            onScreen = true;
        }
    }

    /** One frame, e.g. {@code " 43% [########            ] 12.1 MiB of 28.0 MiB  35.2 MiB/s  ETA 0:01"}. */
    static String frame(long done, long total, long elapsedNanos, boolean last) {
        double seconds = elapsedNanos / 1e9;
        // a live rate needs a moment to mean something; the last frame's is the average, however short the run
        double rate = seconds >= (last ? 1e-6 : 0.05) ? done / seconds : -1;
        String speed = (rate < 0 ? "--" : bytes((long) rate)) + "/s";
        if (total < 0) {
            return bytes(done) + "  " + speed + (last ? "  done in " + duration(seconds) : "");
        }
        int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
        if (last) {
            percent = 100;
        }
        int filled = percent * BAR_WIDTH / 100;
        String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
        String tail;
        if (last) {
            tail = "done in " + duration(seconds);
        } else if (rate > 0 && done > 0) {
            tail = "ETA " + duration(Math.max(0, total - done) / rate);
        } else {
            tail = "ETA --:--";
        }
        return String.format(
                Locale.ROOT, "%3d%% [%s] %s of %s  %s  %s", percent, bar, bytes(done), bytes(total), speed, tail);
    }

    /** 1023 B, 1.0 KiB, 12.1 MiB, 2.3 GiB… */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** m:ss, or h:mm:ss from an hour up. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
