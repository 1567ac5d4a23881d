package io.conduit.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.model.Participant;
import org.junit.jupiter.api.Test;

/** One synthetic address per person and source, whatever the event type (issue 11, point 5). */
class SyntheticAddressesTest {

    @Test
    void sms_mms_and_call_items_of_one_number_share_the_sms_namespace() {
        Participant bob = new Participant("Bob", "+447700900123", null, null);
        assertThat(SyntheticAddresses.of("SMS", bob)).isEqualTo("sms.447700900123@unmapped.invalid");
        assertThat(SyntheticAddresses.of("MMS", bob)).isEqualTo("sms.447700900123@unmapped.invalid");
        assertThat(SyntheticAddresses.of("Phone", bob)).isEqualTo("sms.447700900123@unmapped.invalid");
        assertThat(SyntheticAddresses.of("WhatsApp", bob)).isEqualTo("whatsapp.447700900123@unmapped.invalid");
    }

    @Test
    void a_source_id_keeps_one_address_whether_or_not_the_source_also_gave_an_email() {
        Participant withProfile = new Participant("Bob Stone", null, "bob@partner.example", "slack:U0BOBBY01");
        Participant idOnly = new Participant(null, null, null, "slack:U0BOBBY01");
        assertThat(SyntheticAddresses.of("Slack", withProfile)).isEqualTo("slack.u0bobby01@unmapped.invalid")
                .isEqualTo(SyntheticAddresses.of("Slack", idOnly));

        Participant agentWithLogin = new Participant("Michal", null, "michal@lp.example", "lp-agent:3677470410");
        Participant agentById = new Participant(null, null, null, "lp-agent:3677470410");
        assertThat(SyntheticAddresses.of("LivePerson", agentWithLogin))
                .isEqualTo(SyntheticAddresses.of("LivePerson", agentById));

        Participant owner = new Participant("@milahu104", null, "milahu@protonmail.com", "twitter:1964312974236991488");
        assertThat(SyntheticAddresses.of("Twitter", owner)).isEqualTo("twitter.1964312974236991488@unmapped.invalid");
    }

    @Test
    void a_name_only_participant_keeps_its_name_as_identity() {
        assertThat(SyntheticAddresses.of("WhatsApp", Participant.ofHandle("Carol")))
                .isEqualTo("whatsapp.carol@unmapped.invalid");
    }
}
