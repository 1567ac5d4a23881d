package io.conduit.ledger;

import java.util.Map;
import java.util.TreeMap;

/**
 * A set of ledger sequence numbers kept as ranges of consecutive numbers: a ledger read in order, 1 to N, is one range
 * whatever N is, and each gap or entry out of place costs one more. Lookups and additions take logarithmic time in the
 * number of ranges, so a sequence number far ahead (a forged or corrupt entry) costs no more than any other.
 */
final class SeqRanges {

    /** First number of each range to its last. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    /** Adds {@code seq}; {@code true} when it was not in the set. */
    boolean add(long seq) {
        Map.Entry<Long, Long> below = ranges.floorEntry(seq);
        if (below != null && below.getValue() >= seq) {
            return false;
        }
        Map.Entry<Long, Long> above = seq == Long.MAX_VALUE ? null : ranges.ceilingEntry(seq + 1);
        boolean joinsBelow = below != null && below.getValue() == seq - 1 && seq != Long.MIN_VALUE;
        boolean joinsAbove = above != null && above.getKey() == seq + 1;
        if (joinsBelow && joinsAbove) {
            ranges.remove(above.getKey());
            ranges.put(below.getKey(), above.getValue());
        } else if (joinsBelow) {
            ranges.put(below.getKey(), seq);
        } else if (joinsAbove) {
            ranges.remove(above.getKey());
            ranges.put(seq, above.getValue());
        } else {
            ranges.put(seq, seq);
        }
        return true;
    }

    /** Whether any number from {@code from} to {@code to}, both included, is in the set. */
    boolean containsAny(long from, long to) {
        if (from > to) {
            return false;
        }
        Map.Entry<Long, Long> below = ranges.floorEntry(from);
        if (below != null && below.getValue() >= from) {
            return true;
        }
        Long next = ranges.higherKey(from);
        return next != null && next <= to;
    }

    /** The number of ranges held (one for a ledger without gaps). */
    int ranges() {
        return ranges.size();
    }
}
