package io.conduit.source.slack;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.source.support.JsonFields;

/** Reads Slack export JSON values: text fields, {@code ts} timestamps and the shared Jackson mapper. */
final class SlackJson {

    /** One mapper for every Slack file; parsers from it never copy the input into error locations. */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build());

    /** 10000-01-01T00:00:00Z in epoch seconds: later times are not Slack timestamps (and overflow milliseconds). */
    private static final BigDecimal BEFORE_YEAR_10000 = BigDecimal.valueOf(253_402_300_800L);

    private SlackJson() {
    }

    /** The field as text, or {@code null} when it is missing, JSON null, a container or blank. */
    static String text(JsonNode node, String field) {
        return JsonFields.text(node, field);
    }

    /**
     * A Slack {@code ts} ("1355517523.000005": seconds since the epoch, UTC, with microseconds after the dot; also
     * accepted as a JSON number) as an instant, or {@code null} when it is absent, not a decimal number, not after
     * the epoch or not before the year 10000.
     */
    static Instant ts(String ts) {
        if (ts == null || ts.length() > 32) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(ts.strip());
            if (seconds.signum() <= 0 || seconds.compareTo(BEFORE_YEAR_10000) >= 0) {
                return null;
            }
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
