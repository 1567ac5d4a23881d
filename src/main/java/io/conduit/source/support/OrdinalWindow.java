package io.conduit.source.support;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts earlier items with the same (timestamp, author, text), remembering only the last
 * {@value #WINDOW_SECONDS} seconds of the export so that memory stays bounded on huge exports.
 *
 * <p>The count is a function of the items before it only, so a later, longer export of the same chat gives the old
 * items the same ordinals. Limit: an identical message that reappears with a timestamp more than the window before the
 * newest one seen (a phone clock jumping back by days) restarts its count.
 */
public final class OrdinalWindow {

    public static final long WINDOW_SECONDS = 3 * 24 * 3600L;

    private record Entry(long epochSecond, String key) {
    }

    private final Map<String, Integer> counts = new HashMap<>();
    private final ArrayDeque<Entry> order = new ArrayDeque<>();
    private long newest = Long.MIN_VALUE;

    /**
     * @param epochSecond the item's timestamp, seconds since the epoch
     * @param key         a digest of timestamp, author and text
     * @return how many earlier items had the same key (0 for the first)
     */
    public int next(long epochSecond, String key) {
        newest = Math.max(newest, epochSecond);
        while (!order.isEmpty() && order.peekFirst().epochSecond() < newest - WINDOW_SECONDS) {
            Entry e = order.pollFirst();
            counts.remove(e.key());
        }
        int ordinal = counts.getOrDefault(key, 0);
        counts.merge(key, 1, Integer::sum);
        order.addLast(new Entry(epochSecond, key));
        return ordinal;
    }
}
