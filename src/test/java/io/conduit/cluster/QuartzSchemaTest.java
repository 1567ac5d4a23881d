package io.conduit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The Quartz tables come from the script in the Quartz jar, without its drops; the JobStore is clustered. */
class QuartzSchemaTest {

    @Test
    void creates_every_quartz_table_and_index_and_drops_nothing() {
        List<String> ddl = QuartzSchema.statements();
        assertThat(ddl).filteredOn(s -> s.startsWith("CREATE TABLE")).hasSize(11)
                .anyMatch(s -> s.contains("QRTZ_LOCKS")).anyMatch(s -> s.contains("QRTZ_SCHEDULER_STATE"));
        assertThat(ddl).filteredOn(s -> s.startsWith("CREATE INDEX")).isNotEmpty();
        assertThat(ddl).noneMatch(s -> s.toUpperCase().contains("DROP")).noneMatch(s -> s.contains("--"));
        assertThat(ddl.get(0)).as("tables before the ones referencing them").contains("QRTZ_JOB_DETAILS");
    }

    @Test
    void configures_a_clustered_jdbc_job_store_on_the_nodes_pool() {
        ClusterSettings settings = new ClusterSettings("jdbc:postgresql://db/conduit", null, null, "node-a", "conduit",
                15, 10, 5000);
        Map<String, String> p = ClusterNode.quartzProperties(settings, "conduit-cluster-1");
        assertThat(p).containsEntry("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX")
                .containsEntry("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate")
                .containsEntry("org.quartz.jobStore.isClustered", "true")
                .containsEntry("org.quartz.jobStore.dataSource", "conduit-cluster-1")
                .containsEntry("org.quartz.jobStore.clusterCheckinInterval", "5000")
                .containsEntry("org.quartz.scheduler.instanceName", "conduit")
                .containsEntry("org.quartz.scheduler.instanceId", "node-a")
                .containsEntry("org.quartz.threadPool.threadCount", "10");
        assertThat(Long.parseLong(p.get("org.quartz.jobStore.misfireThreshold"))).isLessThan(60_000);
        assertThat(Long.parseLong(p.get("org.quartz.scheduler.idleWaitTime"))).isLessThan(30_000);
        assertThat(p.values()).noneMatch(v -> v.contains("jdbc:"));
    }
}
