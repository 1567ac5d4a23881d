package io.conduit.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Names the Quartz trigger of each scheduled poll consumer (the file connectors' {@code scheduler=quartz}) by its
 * route id, the connector id, before the consumer starts. Camel names such a trigger {@code trigger-<random UUID>}
 * unless {@code scheduler.triggerId} is set, so each node would have a trigger of its own and every node would poll;
 * named by the connector id, the trigger is one row of the clustered JobStore that all nodes share, and fires on one
 * node per fire time. A {@code scheduler.triggerId} set on the endpoint is kept.
 */
final class SharedTriggers extends LifecycleStrategySupport {

    @Override
    public void onServiceAdd(CamelContext context, Service service, Route route) {
        if (route == null || !(service instanceof ScheduledPollConsumer consumer)) {
            return;
        }
        if (consumer.getScheduler() instanceof QuartzScheduledPollConsumerScheduler quartz) {
            if (quartz.getTriggerId() == null) {
                quartz.setTriggerId(route.getRouteId());
            }
        } else if (consumer.getSchedulerProperties() != null) {
            consumer.getSchedulerProperties().putIfAbsent("triggerId", route.getRouteId());
        }
    }
}
