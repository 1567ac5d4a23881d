package io.conduit.store.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token providers: cached, renewed before expiry, invalidated on refusal, and never showing a secret. */
class TokenProvidersTest {

    static final String SECRET = "s3cr3t-value";

    private WireMockServer issuer;

    @BeforeEach
    void start() {
        issuer = new WireMockServer(options().dynamicPort());
        issuer.start();
    }

    @AfterEach
    void stop() {
        issuer.stop();
    }

    private ClientCredentialsTokenProvider provider(Clock clock) {
        return new ClientCredentialsTokenProvider(URI.create(issuer.baseUrl() + "/token"), "conduit", SECRET,
                "imap", clock);
    }

    @Test
    void a_token_is_asked_once_and_kept_until_shortly_before_it_expires() throws Exception {
        issuer.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"abc\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
        ClientCredentialsTokenProvider p = provider(clock);

        assertThat(p.accessToken("a@example.com")).isEqualTo("abc");
        assertThat(p.accessToken("b@example.com")).isEqualTo("abc");
        issuer.verify(1, postRequestedFor(urlEqualTo("/token"))
                .withRequestBody(containing("grant_type=client_credentials")));

        clock.now = clock.now.plus(Duration.ofMinutes(56)); // less than the renewal margin left
        p.accessToken("a@example.com");
        issuer.verify(2, postRequestedFor(urlEqualTo("/token")));

        p.invalidate("a@example.com");
        p.accessToken("a@example.com");
        issuer.verify(3, postRequestedFor(urlEqualTo("/token")));
    }

    @Test
    void a_short_lived_token_is_kept_for_half_its_life_not_fetched_for_every_login() throws Exception {
        issuer.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"short\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
        ClientCredentialsTokenProvider p = provider(clock);

        p.accessToken("a@example.com");
        clock.now = clock.now.plus(Duration.ofSeconds(140)); // Keycloak's default 300 s: kept for 150 s
        p.accessToken("a@example.com");
        issuer.verify(1, postRequestedFor(urlEqualTo("/token")));
        clock.now = clock.now.plus(Duration.ofSeconds(20));
        p.accessToken("a@example.com");
        issuer.verify(2, postRequestedFor(urlEqualTo("/token")));
    }

    @Test
    void a_refusal_names_the_provider_and_the_error_never_the_secret() {
        issuer.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid_client\"}")));

        assertThatThrownBy(() -> provider(Clock.systemUTC()).accessToken("a@example.com"))
                .isInstanceOf(OAuthException.class)
                .hasMessageContaining("generic (token URL").hasMessageContaining("invalid_client")
                .hasMessageNotContaining(SECRET)
                .satisfies(e -> assertThat(((OAuthException) e).isTransient()).isFalse());
    }

    @Test
    void an_unavailable_endpoint_is_a_transient_failure() {
        issuer.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"temporarily_unavailable\"}")));

        assertThatThrownBy(() -> provider(Clock.systemUTC()).accessToken("a@example.com"))
                .isInstanceOf(OAuthException.class)
                .satisfies(e -> assertThat(((OAuthException) e).isTransient()).isTrue());
    }

    @Test
    void incomplete_settings_name_the_missing_options() {
        assertThatThrownBy(() -> TokenProviders.create(new OAuthSettings("microsoft", null, "app", SECRET, null, null,
                null, null, null, null), TokenProviders.OUTLOOK_SCOPE))
                .hasMessageContaining("--tenant").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> TokenProviders.create(new OAuthSettings("google", null, null, null, null, null, null,
                null, null, null), TokenProviders.GMAIL_SCOPE)).hasMessageContaining("--service-account");
        assertThatThrownBy(() -> TokenProviders.create(new OAuthSettings("generic", null, "app", null, null, null, null,
                null, null, null), null)).hasMessageContaining("--oauth-token-url");
        assertThatThrownBy(() -> TokenProviders.create(new OAuthSettings("okta", null, null, null, null, null, null,
                null, null, null), null)).hasMessageContaining("not microsoft, google or generic");
        assertThat(new OAuthSettings("generic", null, "app", SECRET, null, null, null, null, null, null).toString())
                .doesNotContain(SECRET);
    }

    @Test
    void a_microsoft_provider_is_described_without_its_secret() throws Exception {
        TokenProvider p = TokenProviders.create(new OAuthSettings("microsoft", "contoso.onmicrosoft.com", "0b1c-app",
                SECRET, null, null, null, null, null, null), TokenProviders.OUTLOOK_SCOPE);

        assertThat(p.describe()).isEqualTo("microsoft (tenant contoso.onmicrosoft.com, client 0b1c-app, scope "
                + "https://outlook.office365.com/.default)");
    }

    @Test
    void the_scope_follows_the_imap_host() {
        assertThat(TokenProviders.imapScope("outlook.office365.com")).isEqualTo("https://outlook.office365.com/.default");
        assertThat(TokenProviders.imapScope("imap.gmail.com")).isEqualTo("https://mail.google.com/");
        assertThat(TokenProviders.imapScope("mail.example.com")).isNull();
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
