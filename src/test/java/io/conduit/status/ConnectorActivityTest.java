package io.conduit.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link ConnectorActivity}: the unmapped-identifier counts stay bounded however many third parties a log names. */
class ConnectorActivityTest {

    @Test
    void counts_at_most_the_cap_of_distinct_unmapped_identifiers_and_the_rest_together() {
        ConnectorActivity a = new ConnectorActivity();
        int extra = 25;
        for (int i = 0; i < ConnectorActivity.MAX_UNMAPPED + extra; i++) {
            a.accept(item("+4477009" + String.format("%07d", i)));
        }
        a.accept(item("+44770090000000")); // the first identifier again: still counted one by one

        assertThat(a.unmapped()).hasSize(ConnectorActivity.MAX_UNMAPPED);
        assertThat(a.unmapped().get("+44770090000000")).isEqualTo(2L);
        assertThat(a.unmappedUncounted()).isEqualTo(extra);
    }

    private static String item(String unmapped) {
        return "{\"type\":\"item\",\"time\":\"2026-11-20T10:00:00Z\",\"connector\":\"wa\",\"itemId\":\"i\","
                + "\"copies\":[],\"unmapped\":[\"" + unmapped + "\"]}";
    }
}
