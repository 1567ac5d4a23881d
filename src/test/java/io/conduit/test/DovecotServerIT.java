package io.conduit.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test harness itself: a broken Dovecot fails fast with its log, and stop is idempotent. */
class DovecotServerIT {

    @Test
    void failsFastWithTheLogTailWhenDovecotCannotStart(@TempDir Path tmp) {
        DovecotServer broken = new DovecotServer(tmp.resolve("broken"), "archiver", "pw",
                "no_such_setting_for_the_test = 1");
        long started = System.nanoTime();
        assertThatThrownBy(broken::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Dovecot did not start")
                .hasMessageContaining("log tail")
                .hasMessageContaining("no_such_setting_for_the_test");
        assertThat(System.nanoTime() - started).isLessThan(10_000_000_000L);
        assertThat(broken.isRunning()).isFalse();
        broken.stop();
        assertThat(broken.isRunning()).isFalse();
    }
}
