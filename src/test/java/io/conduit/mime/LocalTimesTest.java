package io.conduit.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import jakarta.mail.internet.MailDateFormat;
import org.junit.jupiter.api.Test;

class LocalTimesTest {

    private static final Instant WINTER = Instant.parse("2026-11-20T13:03:00Z");
    private static final Instant SUMMER = Instant.parse("2026-07-01T08:00:00Z");

    @Test
    void dateHeaderCarriesTheZonesOffsetAtThatInstantWhateverZoneCameBefore() throws Exception {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZoneId newYork = ZoneId.of("America/New_York");
        for (int i = 0; i < 3; i++) { // one formatter per thread is reused: each call sets its own zone
            assertThat(LocalTimes.dateHeader(WINTER, berlin)).startsWith("Fri, 20 Nov 2026 14:03:00 +0100");
            assertThat(LocalTimes.dateHeader(SUMMER, newYork)).startsWith("Wed, 1 Jul 2026 04:00:00 -0400");
            assertThat(LocalTimes.dateHeader(SUMMER, berlin)).startsWith("Wed, 1 Jul 2026 10:00:00 +0200");
        }
        assertThat(new MailDateFormat().parse(LocalTimes.dateHeader(SUMMER, newYork)).toInstant()).isEqualTo(SUMMER);
    }

    @Test
    void footerNamesTheZoneAndItsAbbreviation() {
        assertThat(LocalTimes.describe(WINTER, ZoneId.of("Europe/Berlin")))
                .isEqualTo("2026-11-20 14:03:00 +01:00 (Europe/Berlin, CET)");
    }
}
