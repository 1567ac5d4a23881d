package io.conduit.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

import io.conduit.state.log.ConnectorLog;
import io.conduit.state.ConnectorRun;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connector's last run and last success survive a restart: they are read back from its connector log. */
class ConnectorMetricsTest {

    @TempDir
    Path tmp;

    @Test
    void the_last_run_and_the_last_success_before_a_restart_come_back_from_the_connector_log() throws Exception {
        ConnectorLog before = new ConnectorLog(tmp);
        ConnectorRun ok = new ConnectorRun("jabber", "poll");
        ok.itemRead();
        ok.itemArchived(1, false);
        before.finish(ok);
        ConnectorRun failed = new ConnectorRun("jabber", "poll");
        failed.fail("SQLException: connection refused");
        before.finish(failed);
        before.close();
        Files.writeString(new ConnectorLog(tmp).file("jabber"), "{\"type\":\"run\",\"end\":\"2026-11-", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConnectorMetrics metrics = new ConnectorMetrics(registry, Clock.systemUTC());

        metrics.restore("jabber", new ConnectorLog(tmp).recentRuns("jabber"));

        ConnectorMetrics.LastRun last = metrics.lastRun("jabber");
        assertThat(last.ended()).isEqualTo(failed.endedAt());
        assertThat(last.failure()).isEqualTo("SQLException: connection refused");
        assertThat(last.successful()).isFalse();
        double lastSuccess = registry.get(ConnectorMetrics.LAST_SUCCESS).tag(ConnectorMetrics.CONNECTOR_TAG, "jabber")
                .gauge().value();
        assertThat(lastSuccess).isEqualTo(ok.endedAt().toEpochMilli() / 1000.0);
    }

    @Test
    void a_poll_failure_after_the_last_run_is_the_last_run_after_a_restart() {
        ConnectorLog before = new ConnectorLog(tmp);
        ConnectorRun ok = new ConnectorRun("signal", "spool-1.jsonl");
        before.finish(ok);
        before.pollFailed("signal", "receive for account +447700900001 failed");
        before.close();
        ConnectorMetrics metrics = new ConnectorMetrics(new SimpleMeterRegistry(), Clock.systemUTC());

        metrics.restore("signal", new ConnectorLog(tmp).recentRuns("signal"));

        assertThat(metrics.lastRun("signal").failure()).isEqualTo("receive for account +447700900001 failed");
        assertThat(metrics.lastRun("signal").ended()).isAfterOrEqualTo(ok.endedAt());
    }

    @Test
    void a_connector_without_a_log_starts_with_no_last_run_and_zero_counts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConnectorMetrics metrics = new ConnectorMetrics(registry, Clock.systemUTC());

        metrics.connector("whatsapp-sales");
        metrics.restore("whatsapp-sales", new ConnectorLog(tmp).recentRuns("whatsapp-sales"));

        assertThat(metrics.lastRun("whatsapp-sales")).isNull();
        assertThat(registry.get(ConnectorMetrics.ITEMS_READ).tag(ConnectorMetrics.CONNECTOR_TAG, "whatsapp-sales")
                .counter().count()).isZero();
        assertThat(registry.get(ConnectorMetrics.LAST_SUCCESS).tag(ConnectorMetrics.CONNECTOR_TAG, "whatsapp-sales")
                .gauge().value()).isNaN();
    }
}
