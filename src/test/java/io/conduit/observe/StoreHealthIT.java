package io.conduit.observe;

import io.conduit.test.RunningMain;
import org.junit.jupiter.api.extension.RegisterExtension;
import static io.conduit.observe.ManagementTestSupport.check;
import static io.conduit.observe.ManagementTestSupport.get;
import static io.conduit.observe.ManagementTestSupport.json;
import static io.conduit.observe.ManagementTestSupport.managementOn;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.ConduitCamel;
import io.conduit.ConduitOptions;
import io.conduit.test.DovecotServer;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness of the IMAP store against a real Dovecot, through the real Main's {@code /observe/health/ready}. */
class StoreHealthIT {

    private static final String CATCH_ALL = "compliance@example.com";

    private static DovecotServer dovecot;

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    @BeforeAll
    static void startDovecot() {
        dovecot = DovecotServer.shared();
        dovecot.addUser(CATCH_ALL, "user-secret");
    }

    private CamelContext start(String storeUri, String password) throws Exception {
        Map<String, String> p = managementOn();
        p.put(ConduitOptions.STORE_URI, storeUri);
        p.put(ConduitOptions.IMAP_MASTER_USER, dovecot.masterUser());
        p.put(ConduitOptions.IMAP_PASSWORD, password);
        p.put(ConduitOptions.IMAP_TRUSTSTORE, dovecot.trustStore().toString());
        p.put(ConduitOptions.IMAP_TRUSTSTORE_PASSWORD, DovecotServer.TRUST_STORE_PASSWORD);
        p.put(ConduitOptions.CATCH_ALL_MAILBOX, CATCH_ALL);
        p.put(ConduitOptions.STATE_DIR, tmp.resolve("state").toString());
        p.put("camel.route-template[whatsapp-demo].input", tmp.resolve("drop").toString());
        main = ConduitCamel.newMain(p);
        running.start(main);
        return main.getCamelContext();
    }

    @Test
    void readiness_is_up_when_dovecot_accepts_the_master_user_login_for_the_catch_all_mailbox() throws Exception {
        CamelContext context = start("imaps://" + dovecot.host() + ":" + dovecot.imapsPort(), dovecot.masterPassword());
        long loginsBefore = dovecot.loginCount(CATCH_ALL);

        HttpResponse<String> ready = get(context, "/observe/health/ready");

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(check(json(ready), "store")).isEqualTo("UP");
        assertThat(dovecot.loginCount(CATCH_ALL)).as("the check logged in").isGreaterThan(loginsBefore);
    }

    @Test
    void readiness_is_down_when_the_imap_server_is_unreachable_while_liveness_stays_up() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CamelContext context = start("imaps://127.0.0.1:" + closedPort, dovecot.masterPassword());

        HttpResponse<String> ready = get(context, "/observe/health/ready");
        HttpResponse<String> live = get(context, "/observe/health/live");

        JsonNode health = json(ready);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        assertThat(check(health, "store")).isEqualTo("DOWN");
        assertThat(ready.body()).contains("127.0.0.1:" + closedPort);
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
    }

    @Test
    void readiness_is_down_when_dovecot_refuses_the_login_and_the_answer_holds_no_password() throws Exception {
        String wrong = "wrong-" + dovecot.masterPassword();
        CamelContext context = start("imaps://" + dovecot.host() + ":" + dovecot.imapsPort(), wrong);

        HttpResponse<String> ready = get(context, "/observe/health/ready");

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        assertThat(check(json(ready), "store")).isEqualTo("DOWN");
        assertThat(ready.body()).contains(CATCH_ALL + "*" + dovecot.masterUser()).doesNotContain(wrong);
    }
}
