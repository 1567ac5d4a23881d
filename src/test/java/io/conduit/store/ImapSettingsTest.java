package io.conduit.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing of server URIs and secrecy of {@link ImapSettings}. */
class ImapSettingsTest {

    private static final String SECRET = "s3cr3t-pw";

    @Test
    void imapsDefaultsToPort993() {
        ImapSettings s = ImapSettings.fromUri("imaps://imap.example.com", "archive@example.com", null, SECRET);
        assertThat(s.host()).isEqualTo("imap.example.com");
        assertThat(s.port()).isEqualTo(993);
        assertThat(s.security()).isEqualTo(ImapSettings.Security.IMAPS);
        assertThat(s.masterMode()).isFalse();
        assertThat(s.serverUri()).isEqualTo("imaps://imap.example.com:993");
    }

    @Test
    void imapRequiresStartTlsUnlessExplicitlyOff() {
        ImapSettings starttls = ImapSettings.fromUri("imap://mail.example.com", null, "archiver", SECRET);
        assertThat(starttls.port()).isEqualTo(143);
        assertThat(starttls.security()).isEqualTo(ImapSettings.Security.STARTTLS);
        assertThat(starttls.masterMode()).isTrue();

        ImapSettings none = ImapSettings.fromUri("imap://mail.example.com:1143?starttls=false", "u", null, SECRET);
        assertThat(none.port()).isEqualTo(1143);
        assertThat(none.security()).isEqualTo(ImapSettings.Security.NONE);

        assertThat(ImapSettings.fromUri("imap://h?starttls=true", "u", null, SECRET).security())
                .isEqualTo(ImapSettings.Security.STARTTLS);
    }

    @Test
    void rejectsOtherSchemesAndCredentialsInTheUri() {
        assertThatThrownBy(() -> ImapSettings.fromUri("pop3://h", "u", null, SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imaps or imap");
        assertThatThrownBy(() -> ImapSettings.fromUri("imaps://u:" + SECRET + "@h", "u", null, SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> ImapSettings.fromUri("imaps://h", null, null, SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user");
    }

    @Test
    void toStringNeverShowsPasswords() {
        ImapSettings s = ImapSettings.fromUri("imaps://h:993", "u", null, SECRET)
                .withTrustStore(java.nio.file.Path.of("trust.p12"), "store-" + SECRET);
        assertThat(s.toString()).doesNotContain(SECRET).contains("imaps://h:993", "password=***");
    }
}
