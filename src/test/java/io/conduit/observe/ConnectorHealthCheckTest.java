package io.conduit.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.conduit.state.log.ConnectorLog;
import io.conduit.state.ConnectorRun;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule of a connector's readiness: its last run, and for a polled connector its schedule. */
class ConnectorHealthCheckTest {

    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path tmp;

    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private ConnectorHealthCheck check(String connector, ConnectorMetrics metrics, Instant now) {
        ConnectorHealthCheck check = new ConnectorHealthCheck(connector, metrics, Clock.fixed(now, ZoneOffset.UTC), START);
        check.setCamelContext(context);
        return check;
    }

    private static ConnectorMetrics metrics() {
        return new ConnectorMetrics(new SimpleMeterRegistry(), Clock.systemUTC());
    }

    @Test
    void a_connector_whose_last_poll_failed_is_down_until_a_later_run_succeeds() {
        context = new DefaultCamelContext();
        ConnectorMetrics metrics = metrics();
        ConnectorLog log = new ConnectorLog(tmp);
        ConnectorRun failed = new ConnectorRun("jabber", "poll");
        failed.observe(metrics);
        failed.fail("SQLException: connection refused");
        log.finish(failed);

        HealthCheck.Result down = check("jabber", metrics, Instant.now()).call();

        ConnectorRun next = new ConnectorRun("jabber", "poll");
        next.observe(metrics);
        next.itemRead();
        next.itemArchived(2, false, START);
        log.finish(next);
        HealthCheck.Result up = check("jabber", metrics, Instant.now()).call();
        log.close();

        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("connection refused"));
        assertThat(up.getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void a_poll_failure_logged_without_a_run_makes_its_connector_down() {
        context = new DefaultCamelContext();
        ConnectorMetrics metrics = metrics();
        ConnectorLog log = new ConnectorLog(tmp);
        log.observe(metrics);

        log.pollFailed("signal", "receive for account +447700900001 failed: connection refused");
        HealthCheck.Result result = check("signal", metrics, Instant.now()).call();
        log.close();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("receive for account"));
    }

    @Test
    void a_connector_whose_last_run_did_not_balance_is_down() {
        context = new DefaultCamelContext();
        ConnectorMetrics metrics = metrics();
        ConnectorLog log = new ConnectorLog(tmp);
        ConnectorRun run = new ConnectorRun("whatsapp-sales", "chat.txt");
        run.observe(metrics);
        run.itemRead();
        run.itemRead();
        run.itemArchived(1, false, START);
        log.finish(run);
        log.close();

        HealthCheck.Result result = check("whatsapp-sales", metrics, Instant.now()).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("did not balance"));
    }

    @Test
    void a_polled_connector_is_down_once_no_run_ended_within_twice_its_schedule_plus_the_grace() throws Exception {
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("quartz:test/jabber?cron=0+0/5+*+*+*+?").routeId("jabber").log("poll");
            }
        });
        context.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> context.getRouteController().getRouteStatus("jabber").isStarted());
        ConnectorMetrics metrics = metrics();
        long allowed = 2 * 300 + ConnectorHealthCheck.GRACE_SECONDS;

        HealthCheck.Result inTime = check("jabber", metrics, START.plusSeconds(allowed)).call();
        HealthCheck.Result overdue = check("jabber", metrics, START.plusSeconds(allowed + 1)).call();

        assertThat(inTime.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(overdue.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(overdue.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("its schedule allows " + allowed + " s"));
    }

    @Test
    void a_file_connector_without_new_files_stays_up_whatever_its_schedule() throws Exception {
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + tmp.resolve("drop") + "?noop=true&delay=60000").routeId("whatsapp-sales").log("file");
            }
        });
        context.start();

        HealthCheck.Result result = check("whatsapp-sales", metrics(), START.plus(Duration.ofDays(30))).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void the_schedule_interval_is_the_time_between_the_cron_s_next_two_fire_times() throws Exception {
        assertThat(ConnectorHealthCheck.interval("0 0/5 * * * ?", START)).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConnectorHealthCheck.interval("0/10 * * * * ?", START)).isEqualTo(Duration.ofSeconds(10));
        assertThat(ConnectorHealthCheck.interval("0 0 2 * * ?", START)).isEqualTo(Duration.ofDays(1));
    }
}
