package io.conduit.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Date;

import javax.sql.DataSource;

import org.quartz.JobExecutionContext;
import org.quartz.listeners.JobListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records which node ran each fire time of each schedule, in {@code conduit_schedule_fire} (created on start):
 * <pre>
 * CREATE TABLE IF NOT EXISTS conduit_schedule_fire (
 *   id                  BIGSERIAL PRIMARY KEY,
 *   trigger_group       VARCHAR(200) NOT NULL,   -- QuartzScheduledPollConsumerScheduler (file connectors), conduit-sql, ...
 *   trigger_name        VARCHAR(200) NOT NULL,   -- the connector id (file connectors) or its trigger parameter
 *   scheduled_fire_time TIMESTAMP WITH TIME ZONE NOT NULL,
 *   fired_at            TIMESTAMP WITH TIME ZONE NOT NULL,
 *   node                VARCHAR(200) NOT NULL,
 *   fire_instance_id    VARCHAR(200) NOT NULL)
 * </pre>
 * With a clustered JobStore each (trigger, scheduled fire time) has one row: the audit that a schedule fired on one
 * node only, and where. A row that cannot be written is a WARN; the poll itself goes on.
 */
final class ScheduleFireLog extends JobListenerSupport {

    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS conduit_schedule_fire (
              id                  BIGSERIAL PRIMARY KEY,
              trigger_group       VARCHAR(200) NOT NULL,
              trigger_name        VARCHAR(200) NOT NULL,
              scheduled_fire_time TIMESTAMP WITH TIME ZONE NOT NULL,
              fired_at            TIMESTAMP WITH TIME ZONE NOT NULL,
              node                VARCHAR(200) NOT NULL,
              fire_instance_id    VARCHAR(200) NOT NULL);
            CREATE INDEX IF NOT EXISTS conduit_schedule_fire_trigger
              ON conduit_schedule_fire (trigger_name, scheduled_fire_time)""";

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleFireLog.class);

    private final DataSource dataSource;
    private final String node;

    /**
     * Creates the table when missing.
     *
     * @throws SQLException when the database refuses the DDL
     */
    ScheduleFireLog(DataSource dataSource, String node) throws SQLException {
        this.dataSource = dataSource;
        this.node = node;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(SCHEMA);
        }
    }

    @Override
    public String getName() {
        return "conduit-schedule-fire-log";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
        Date scheduled = context.getScheduledFireTime() != null ? context.getScheduledFireTime() : context.getFireTime();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO conduit_schedule_fire (trigger_group, trigger_name, "
                     + "scheduled_fire_time, fired_at, node, fire_instance_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, context.getTrigger().getKey().getGroup());
            s.setString(2, context.getTrigger().getKey().getName());
            s.setTimestamp(3, new Timestamp(scheduled.getTime()));
            s.setTimestamp(4, new Timestamp(context.getFireTime().getTime()));
            s.setString(5, node);
            s.setString(6, context.getFireInstanceId());
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("cannot record the fire of trigger {} in conduit_schedule_fire: {}", context.getTrigger().getKey(),
                    e.getMessage());
        }
    }
}
