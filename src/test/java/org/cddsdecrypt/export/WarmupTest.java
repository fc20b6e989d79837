package org.cddsdecrypt.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which inputs are worth priming AES-CBC for (what a run then loads: cli.StartupWorkTest). */
class WarmupTest {
    @Test
    void primesFromTheThresholdOnAndForUnknownSizes() {
        assertFalse(Warmup.worthPriming(0));
        assertFalse(Warmup.worthPriming(2_543));
        assertFalse(Warmup.worthPriming(Warmup.PRIMING_THRESHOLD - 1));
        assertTrue(Warmup.worthPriming(Warmup.PRIMING_THRESHOLD));
        assertTrue(Warmup.worthPriming(300L * 1024 * 1024));
        assertTrue(Warmup.worthPriming(-1), "standard input, size unknown");
    }
}
