package io.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import org.junit.jupiter.api.Test;

/**
 * Exchange Online's throttling answer is read for the wait it asks, bounded; other failures are not throttling. A size
 * refusal ({@code NO [TOOBIG]}, or {@code NO [LIMIT]} about size) is told apart from other limits.
 */
class ImapThrottleTest {

    @Test
    void the_suggested_backoff_is_read_from_the_answer_or_a_cause() {
        assertThat(ImapStore.throttleMillis(new MessagingException(
                "A6 NO Request is throttled. Suggested Backoff Time: 4815 milliseconds"))).isEqualTo(4815);
        assertThat(ImapStore.throttleMillis(new MessagingException("APPEND failed",
                new MessagingException("* BYE Request is throttled. Suggested Backoff Time: 120 milliseconds"))))
                .isEqualTo(120);
    }

    @Test
    void a_long_backoff_is_bounded_and_other_failures_are_not_throttling() {
        assertThat(ImapStore.throttleMillis(new MessagingException(
                "NO Request is throttled. Suggested Backoff Time: 999999999 milliseconds")))
                .isEqualTo(ImapStore.MAX_BACKOFF_MILLIS);
        assertThat(ImapStore.throttleMillis(new MessagingException("NO [OVERQUOTA] Quota exceeded"))).isEqualTo(-1);
        assertThat(ImapStore.throttleMillis(new MessagingException())).isEqualTo(-1);
    }

    @Test
    void a_size_refusal_is_toobig_or_a_limit_about_size_and_nothing_else() {
        assertThat(ImapStore.isTooBig(new MessagingException("A7 NO [TOOBIG] Message too large"))).isTrue();
        assertThat(ImapStore.isTooBig(new MessagingException("APPEND failed", new MessagingException(
                "B2 NO [LIMIT] Mail size is larger than the maximum size allowed by server configuration")))).isTrue();
        assertThat(ImapStore.isTooBig(new MessagingException("NO [LIMIT] Too many mailboxes"))).isFalse();
        assertThat(ImapStore.isTooBig(new MessagingException("NO [OVERQUOTA] Quota exceeded (mailbox size)"))).isFalse();
        assertThat(ImapStore.isTooBig(new MessagingException())).isFalse();
    }
}
