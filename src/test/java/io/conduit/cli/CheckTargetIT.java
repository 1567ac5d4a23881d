package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.conduit.test.DovecotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code check-target} against a real Dovecot: login as the custodian, folder created, probe appended and removed. */
class CheckTargetIT {

    @TempDir
    Path tmp;

    @Test
    void dovecot_takes_the_probe_and_it_is_removed_again() throws Exception {
        DovecotServer dovecot = DovecotServer.shared();
        dovecot.addUser("check.custodian@example.com", "user-secret");
        Path password = Files.writeString(tmp.resolve("pw"), dovecot.masterPassword() + "\n");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));

        int exit = cli.execute("check-target", "--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "--imap-master-user", dovecot.masterUser(), "--imap-password-file", password.toString(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD,
                "--mailbox", "check.custodian@example.com");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("append: ok into Conduit Target Check (imap://").contains(";UID=")
                .contains("\"remove\":true").doesNotContain(dovecot.masterPassword());
        assertThat(dovecot.folders("check.custodian@example.com")).contains("Conduit Target Check");
        assertThat(dovecot.messages("check.custodian@example.com", "Conduit Target Check")).isEmpty();
    }
}
