package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import io.conduit.Maildirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code check-target} on the embedded store: the probe is appended, removed again, and the report says so. */
class CheckTargetTest {

    @TempDir
    Path tmp;

    @Test
    void a_maildir_target_takes_and_removes_the_probe() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));

        int exit = cli.execute("check-target", "--to", "maildir:" + tmp.resolve("archive"), "--mailbox", "alice@example.com");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("login: ok for alice@example.com").contains("append: ok into Conduit Target Check")
                .contains("remove: ok").contains("X-Conduit-Message-Class")
                .endsWith("{\"login\":true,\"append\":true,\"remove\":true,\"appendLimit\":-1}\n");
        assertThat(Maildirs.countAll(tmp.resolve("archive"))).isZero();
    }

    @Test
    void a_target_it_cannot_reach_fails_with_one_line_and_exit_1() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));

        int exit = cli.execute("check-target", "--to", "imaps://127.0.0.1:1", "--imap-user", "archive@example.com",
                "--imap-password-file", tmp.resolve("missing-password").toString(), "--mailbox", "alice@example.com");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("check failed:").contains("\"login\":false");
    }
}
