package io.conduit.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Jolokia login: one user and password, nothing without a password. */
class JolokiaAuthenticationTest {

    @Test
    void only_the_configured_user_and_password_match() {
        JolokiaAuthentication auth = new JolokiaAuthentication("conduit", "s3cret");

        assertThat(auth.matches("conduit", "s3cret")).isTrue();
        assertThat(auth.matches("conduit", "s3cret ")).isFalse();
        assertThat(auth.matches("admin", "s3cret")).isFalse();
        assertThat(auth.matches("conduit", "")).isFalse();
        assertThat(auth.matches(null, null)).isFalse();
    }

    @Test
    void without_a_configured_password_every_login_is_refused() {
        JolokiaAuthentication empty = new JolokiaAuthentication("conduit", "");
        JolokiaAuthentication missing = new JolokiaAuthentication("conduit", null);

        assertThat(empty.matches("conduit", "")).isFalse();
        assertThat(missing.matches("conduit", "anything")).isFalse();
        assertThat(missing.matches("conduit", null)).isFalse();
    }
}
