package io.conduit.source;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;

/**
 * A poll scheduler that never fires, used by the source templates when {@code conduit.schedule.scheduler} points at
 * it: the one-shot commands ({@code import}, {@code --once}) read their inputs themselves, and no Quartz trigger is
 * created for the configured connectors. (Camel 4.18's Quartz poll scheduler also throws on stopping a consumer that
 * was never started, which this avoids.) Accepts and ignores the Quartz scheduler's options such as {@code cron}.
 */
public final class IdlePollScheduler implements ScheduledPollConsumerScheduler {

    private CamelContext camelContext;

    @Override
    public void onInit(Consumer consumer) {
        // never polls
    }

    @Override
    public void scheduleTask(Runnable task) {
        // never polls
    }

    @Override
    public void unscheduleTask() {
        // nothing scheduled
    }

    @Override
    public void startScheduler() {
        // never polls
    }

    @Override
    public boolean isSchedulerStarted() {
        return false;
    }

    /** Ignored: the Quartz cron of a connector whose polls are off. */
    public void setCron(String cron) {
        // ignored
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void start() {
        // stateless
    }

    @Override
    public void stop() {
        // stateless
    }

    @Override
    public void shutdown() {
        // stateless
    }
}
