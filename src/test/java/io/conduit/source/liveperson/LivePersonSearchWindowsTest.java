package io.conduit.source.liveperson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Search windows: 10-minute rounding and the three-month cap. */
class LivePersonSearchWindowsTest {

    @Test
    void boundsAreRoundedDownAndUpToTenMinutes() {
        List<long[]> w = SearchWindows.split(1_700_000_123_456L, 1_700_000_723_456L, Duration.ofDays(90));
        assertThat(w).singleElement().satisfies(x -> assertThat(x).containsExactly(1_699_999_800_000L,
                1_700_001_000_000L));
    }

    @Test
    void longRangesAreSplitIntoWindowsOfAtMostTheMaximum() {
        long day = Duration.ofDays(1).toMillis();
        List<long[]> w = SearchWindows.split(0, 200 * day, Duration.ofDays(90));
        assertThat(w).hasSize(3);
        assertThat(w.get(0)).containsExactly(0, 90 * day);
        assertThat(w.get(1)).containsExactly(90 * day, 180 * day);
        assertThat(w.get(2)).containsExactly(180 * day, 200 * day);
        assertThatThrownBy(() -> SearchWindows.split(10, 5, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
