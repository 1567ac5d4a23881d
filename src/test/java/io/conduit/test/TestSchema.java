package io.conduit.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh schema in the machine's PostgreSQL (on loopback; {@code CONDUIT_TEST_JDBC_URL} overrides
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}) for one test, dropped with everything in it on close.
 */
public final class TestSchema implements AutoCloseable {

    /** The server the tests use. */
    public static final String BASE_URL =
            System.getenv().getOrDefault("CONDUIT_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final String name;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    private TestSchema(String name) {
        this.name = name;
        dataSource.setUrl(url());
    }

    /** Creates {@code <prefix><random hex>}. */
    public static TestSchema create(String prefix) throws SQLException {
        TestSchema schema = new TestSchema(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setUrl(BASE_URL);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema.name);
        }
        return schema;
    }

    /** The schema's name. */
    public String name() {
        return name;
    }

    /** A JDBC URL whose connections work in this schema ({@code currentSchema}). */
    public String url() {
        return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** Connections in this schema. */
    public PGSimpleDataSource dataSource() {
        return dataSource;
    }

    /** Drops the schema and everything in it. */
    @Override
    public void close() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + name + " CASCADE");
        }
    }
}
