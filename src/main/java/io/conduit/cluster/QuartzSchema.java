package io.conduit.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Creates the Quartz JDBC JobStore tables ({@code qrtz_*}) when they are absent, from the script Quartz ships for
 * PostgreSQL ({@code org/quartz/impl/jdbcjobstore/tables_postgres.sql} in the Quartz 2.5 jar) without its
 * {@code DROP TABLE} statements, in one transaction: all the tables or none. Callers hold the cluster's startup lock,
 * so two nodes starting together never both create them.
 */
final class QuartzSchema {

    /** The script inside the Quartz jar. */
    static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    private QuartzSchema() {
    }

    /**
     * @param connection a connection of the cluster's database, in auto-commit mode
     * @return whether the tables were created (false: they were there)
     * @throws SQLException when the database refuses the DDL
     */
    static boolean createIfAbsent(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'qrtz_locks'");
             ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
                return false;
            }
        }
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            for (String ddl : statements()) {
                s.execute(ddl);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        return true;
    }

    /** The script's {@code CREATE} statements, in order (comment lines removed; its statements hold no semicolon). */
    static List<String> statements() {
        String script;
        try (InputStream in = QuartzSchema.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("the Quartz jar has no " + SCRIPT);
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCRIPT, e);
        }
        StringBuilder code = new StringBuilder();
        script.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> code.append(l).append('\n'));
        List<String> creates = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            String ddl = statement.strip();
            if (ddl.toUpperCase(Locale.ROOT).startsWith("CREATE ")) {
                creates.add(ddl);
            }
        }
        return creates;
    }
}
