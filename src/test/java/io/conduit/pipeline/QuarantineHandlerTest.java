package io.conduit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.conduit.model.RejectedRecord;
import io.conduit.state.log.ConnectorLog;
import io.conduit.state.ConnectorRun;
import io.conduit.state.Quarantine;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineHandlerTest {

    @TempDir
    Path state;

    @Test
    void a_quarantined_record_keeps_its_connector_settings_but_never_a_secret() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext(); ConnectorLog log = new ConnectorLog(state)) {
            Exchange exchange = new DefaultExchange(context);
            ConnectorRun run = new ConnectorRun("jabber", "poll");
            exchange.setProperty(ExchangeProperties.RUN, run);
            exchange.setProperty(ExchangeProperties.CONNECTOR, "jabber");
            exchange.setProperty(ExchangeProperties.FOLDER, "Cisco Jabber");
            exchange.setProperty("ConduitJdbcPassword", "db-secret-123");
            exchange.setProperty("ConduitClientSecret", "oauth-secret-456");
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalArgumentException("no sender"));
            exchange.getMessage().setBody(new RejectedRecord("Jabber", "jabber", "Jabber row 7", "no sender", "{...}"));

            new QuarantineHandler(new Quarantine(state), log).quarantine(exchange);

            Quarantine.Reason reason = new Quarantine(state).list().get(0);
            assertThat(reason.settings()).containsEntry("ConduitFolder", "Cisco Jabber")
                    .doesNotContainKeys("ConduitJdbcPassword", "ConduitClientSecret");
            assertThat(run.quarantined()).isEqualTo(1);
            try (var files = Files.walk(state)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(p)).as(p.toString()).doesNotContain("db-secret-123", "oauth-secret-456");
                }
            }
        }
    }
}
