package io.conduit.source.liveperson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a conversations/search time range into windows the API accepts: bounds rounded down/up to 10 minutes (as
 * the API rounds them anyway) and no window longer than the maximum (the API rejects intervals over three months).
 *
 * <p>Format: LivePerson Messaging Interactions API, conversations/search request body, {@code start {from, to}}.
 */
public final class SearchWindows {

    /** The API's rounding step, in ms. */
    public static final long ROUNDING_MS = Duration.ofMinutes(10).toMillis();

    private SearchWindows() {
    }

    /**
     * The windows covering {@code [fromMs, toMs]}.
     *
     * @param fromMs    start, epoch ms, rounded down to 10 minutes
     * @param toMs      end, epoch ms, rounded up to 10 minutes; not before {@code fromMs}
     * @param maxWindow longest window, at least 10 minutes (rounded down to a multiple of 10 minutes)
     * @return consecutive {@code {from, to}} pairs in epoch ms, each {@code to} equal to the next {@code from}
     * @throws IllegalArgumentException when {@code toMs < fromMs} or {@code maxWindow} is under 10 minutes
     */
    public static List<long[]> split(long fromMs, long toMs, Duration maxWindow) {
        if (toMs < fromMs) {
            throw new IllegalArgumentException("search range ends before it starts");
        }
        long max = maxWindow.toMillis() / ROUNDING_MS * ROUNDING_MS;
        if (max < ROUNDING_MS) {
            throw new IllegalArgumentException("search window must be at least 10 minutes");
        }
        long from = Math.floorDiv(fromMs, ROUNDING_MS) * ROUNDING_MS;
        long to = -Math.floorDiv(-toMs, ROUNDING_MS) * ROUNDING_MS;
        if (to == from) {
            to = from + ROUNDING_MS;
        }
        List<long[]> windows = new ArrayList<>();
        for (long start = from; start < to; start += max) {
            windows.add(new long[] {start, Math.min(to, start + max)});
        }
        return windows;
    }
}
