package io.conduit.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.conduit.model.Text;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

/** {@link HeaderValues#encode}: the values it keeps once encoded are the ones Jakarta Mail would make every time. */
class HeaderValuesTest {

    private static final String[] NAMES = {"X", "Subject", "Thread-Topic", "X-Conduit-Participants"};

    @Test
    void kept_values_are_the_ones_jakarta_mail_makes_for_every_header_length() throws Exception {
        for (String value : values()) {
            for (String name : NAMES) {
                String expected = MimeUtility.fold(name.length() + 2, MimeUtility.encodeText(Text.clean(value), "UTF-8", null));
                assertThat(HeaderValues.encode(name, value)).as("%s: %s", name, value).isEqualTo(expected);
                assertThat(HeaderValues.encode(name, value)).as("again, kept: %s: %s", name, value).isEqualTo(expected);
            }
        }
    }

    @Test
    void the_subject_is_what_set_subject_sets() throws Exception {
        for (String value : values()) {
            String subject = HeaderValues.clean(value);
            MimeMessage msg = new MimeMessage(Session.getInstance(new java.util.Properties()));
            msg.setSubject(subject, "UTF-8");
            assertThat(HeaderValues.encodeClean("Subject", subject)).as(subject).isEqualTo(msg.getHeader("Subject", null));
        }
    }

    @Test
    void the_same_value_folds_for_each_header_name() {
        String value = "handle:Priya Shah -> unmapped; phone:+447700900789 -> unmapped; ".repeat(3);
        String shortName = HeaderValues.encode("X", value);
        String longName = HeaderValues.encode("X-Conduit-Participants", value);
        assertThat(shortName).as("folded where the header name leaves room").isNotEqualTo(longName);
        assertThat(HeaderValues.encode("X", value)).isEqualTo(shortName);
    }

    @Test
    void at_most_so_many_values_are_kept() throws Exception {
        for (int i = 0; i < 3 * HeaderValues.CACHED_VALUES; i++) {
            String value = "Bench Desk — day " + i;
            assertThat(HeaderValues.encode("Subject", value))
                    .isEqualTo(MimeUtility.fold(9, MimeUtility.encodeText(value, "UTF-8", null)));
            assertThat(HeaderValues.cachedValues()).isLessThanOrEqualTo(HeaderValues.CACHED_VALUES);
        }
    }

    /** ASCII, accents, emoji, CJK, control characters, a lone surrogate, long and over-long values, random text. */
    private static List<String> values() {
        List<String> values = new ArrayList<>(List.of("", "plain", "[WhatsApp] Bench Desk — 2024-01-01",
                "Tom Okafor 📈", "Zoë Ångström", "会議の件", "tab\there, cr\r\nlf", "lone \uD83D surrogate",
                "=?UTF-8?Q?looks_encoded?=", "x".repeat(HeaderValues.CACHED_MAX_CHARS),
                "é".repeat(HeaderValues.CACHED_MAX_CHARS + 1), "a b ".repeat(2_000)));
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(200);
            for (int j = 0; j < length; j++) {
                sb.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x3000) : ' ' + random.nextInt(95)));
            }
            values.add(sb.toString());
        }
        return values;
    }
}
