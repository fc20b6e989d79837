package org.cddsdecrypt.trust;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A small tmpfs mounted for a test (a real full disk); the test is skipped where mounting is not allowed. */
final class Tmpfs implements AutoCloseable {
    private final Path root;

    private Tmpfs(Path root) {
        this.root = root;
    }

    /** Mounts a tmpfs with {@code options} (e.g. {@code size=2m}) at the empty folder {@code point}. */
    static Tmpfs mount(Path point, String options) throws Exception {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", point.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(ok, "cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN): " + output.trim());
        return new Tmpfs(point);
    }

    Path root() {
        return root;
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder("umount", root.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }
}
