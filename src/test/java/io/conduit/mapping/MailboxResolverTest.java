package io.conduit.mapping;

import static io.conduit.TestItems.handle;
import static io.conduit.TestItems.item;
import static io.conduit.TestItems.phone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.conduit.model.Participant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailboxResolverTest {

    @TempDir
    Path dir;

    private MailboxResolver resolver;

    @BeforeEach
    void loadMapping() throws Exception {
        Path csv = dir.resolve("mapping.csv");
        Files.writeString(csv, """
                identifier,mailbox,display name
                # a comment
                07700 900123,alice@example.com,Alice Archer
                +1 (415) 555-0134,bob@example.com
                Carol 🌸,carol@example.com,Carol
                Dave.Smith@Partner.COM,dave@example.com
                @erin_x,erin@example.com
                """);
        resolver = new MailboxResolver(UserMapping.load(csv, "GB"), Set.of("Example.com"), "catch-all@example.com");
    }

    @Test
    void phone_numbers_match_as_e164_whatever_their_formatting() {
        assertThat(resolver.resolve(phone("A", PhoneNumbers.toE164("+44 7700 900123", "GB")))).get()
                .extracting(UserMapping.Entry::mailbox).isEqualTo("alice@example.com");
        assertThat(resolver.resolve(phone("B", PhoneNumbers.toE164("\u202a+1 415-555-0134\u202c", "GB")))).get()
                .extracting(UserMapping.Entry::mailbox).isEqualTo("bob@example.com");
    }

    @Test
    void emails_match_case_insensitively_and_names_exactly() {
        assertThat(resolver.resolve(new Participant(null, null, "DAVE.smith@partner.com", null))).isPresent();
        assertThat(resolver.resolve(handle("Carol 🌸"))).isPresent();
        assertThat(resolver.resolve(handle("carol 🌸"))).isEmpty();
    }

    @Test
    void a_handle_written_with_a_leading_at_sign_is_a_handle_not_an_email() {
        assertThat(resolver.resolve(new Participant("@erin_x", null, null, "twitter:5000"))).get()
                .extracting(UserMapping.Entry::mailbox).isEqualTo("erin@example.com");
        assertThat(resolver.resolve(handle("@erin_x"))).isPresent();
    }

    @Test
    void own_email_in_a_mailbox_domain_maps_after_the_csv() {
        assertThat(resolver.resolve(new Participant("Erin", null, "erin@EXAMPLE.com", null))).get()
                .extracting(UserMapping.Entry::mailbox).isEqualTo("erin@example.com");
        assertThat(resolver.resolve(new Participant("Erin", null, "erin@elsewhere.com", null))).isEmpty();
    }

    @Test
    void one_copy_per_distinct_mapped_mailbox_sender_first() {
        MailboxResolver.Routing routing = resolver.route(item("1", handle("Carol 🌸"),
                List.of(phone("A", "+447700900123"), handle("Stranger"), new Participant("A2", null, "alice@example.com", null)), "hi"));
        assertThat(routing.catchAll()).isFalse();
        assertThat(routing.mailboxes()).containsExactly("carol@example.com", "alice@example.com");
        assertThat(routing.unmapped()).containsExactly("Stranger");
    }

    @Test
    void an_item_with_no_mapped_participant_goes_to_the_catch_all_mailbox() {
        MailboxResolver.Routing routing = resolver.route(item("2", handle("Stranger"), List.of(phone("X", "+33612345678")), "hi"));
        assertThat(routing.catchAll()).isTrue();
        assertThat(routing.mailboxes()).containsExactly("catch-all@example.com");
        assertThat(routing.unmapped()).containsExactly("Stranger", "+33612345678");
    }

    @Test
    void a_bad_mapping_row_names_file_and_line() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "identifier,mailbox\n+44 7700 900123,alice@example.com\nBob,not-a-mailbox\n");
        assertThatThrownBy(() -> UserMapping.load(bad, "GB"))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("bad.csv line 3");
    }
}
