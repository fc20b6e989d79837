package org.cddsdecrypt.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsTheUsualForms() {
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
        assertEquals(Duration.ofHours(2), Durations.parse("2h"));
        assertEquals(Duration.ofDays(1), Durations.parse("1d"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("45"));
        assertEquals(Duration.ZERO, Durations.parse("0"));
        assertEquals(Duration.ofMinutes(5), Durations.parse(" 5M "));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : List.of("", "m", "10x", "-5m", "1.5h", "10 m", "99999999999999999999d")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad));
            assertEquals("'" + bad + "' is not a duration such as 30s, 10m, 2h or 1d", e.getMessage());
        }
    }

    @Test
    void writesTheShortestFormItReadsBack() {
        for (String s : List.of("0s", "30s", "10m", "2h", "1d", "1h30m", "1d2h3m4s")) {
            assertEquals(s, Durations.format(Durations.parse(s)));
        }
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
    }
}
