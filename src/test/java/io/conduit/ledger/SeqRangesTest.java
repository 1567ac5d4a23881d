package io.conduit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** {@link SeqRanges} answers as a set of every number would, and stays one range for a ledger read in order. */
class SeqRangesTest {

    @Test
    void random_additions_and_range_queries_agree_with_a_sorted_set() {
        Random random = new Random(20261206);
        for (int round = 0; round < 200; round++) {
            SeqRanges ranges = new SeqRanges();
            TreeSet<Long> reference = new TreeSet<>();
            int span = 5 + random.nextInt(60);
            for (int i = 0; i < 80; i++) {
                long seq = random.nextInt(span) - 2; // the odd -1 (no number) and 0 as a forged ledger has them
                assertThat(ranges.add(seq)).as("add %d to %s", seq, reference).isEqualTo(reference.add(seq));
                long from = random.nextInt(span + 4) - 4;
                long to = from + random.nextInt(8) - 1;
                boolean expected = from <= to && !reference.subSet(from, true, to, true).isEmpty();
                assertThat(ranges.containsAny(from, to)).as("any of %d-%d in %s", from, to, reference).isEqualTo(expected);
            }
        }
    }

    @Test
    void a_ledger_in_order_is_one_range_and_the_extremes_do_not_overflow() {
        SeqRanges ranges = new SeqRanges();
        for (long s = 1; s <= 100_000; s++) {
            ranges.add(s);
        }
        assertThat(ranges.ranges()).isEqualTo(1);
        assertThat(ranges.containsAny(100_001, Long.MAX_VALUE)).isFalse();
        assertThat(ranges.add(Long.MAX_VALUE)).isTrue();
        assertThat(ranges.add(Long.MIN_VALUE)).isTrue();
        assertThat(ranges.add(Long.MAX_VALUE)).isFalse();
        assertThat(ranges.containsAny(100_001, Long.MAX_VALUE)).isTrue();
        assertThat(ranges.containsAny(Long.MIN_VALUE, 0)).isTrue();
        assertThat(ranges.containsAny(Long.MIN_VALUE + 1, 0)).isFalse();
        assertThat(ranges.ranges()).isEqualTo(3);
    }
}
