package io.conduit.source;

import java.util.Map;

/**
 * A source that items are pushed to (a webhook listener) rather than one that reads files on a schedule. Its bean in
 * the Camel registry is found by type, and its figures are shown on the status page under "Live sources".
 */
public interface LiveSource {

    /**
     * The figures of each connector with a running listener, keyed by connector id; each figure's value is a number,
     * an ISO-8601 instant (UTC) as a string, or {@code null} when not known yet. Never a secret.
     */
    Map<String, Map<String, Object>> figures();
}
