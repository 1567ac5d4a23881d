package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import io.conduit.state.ConnectorRun;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void shows_counts_rate_share_read_and_time_left() {
        assertThat(ProgressLine.line(12_000, 11_500, 10, 250, 1000))
                .isEqualTo("12,000 read, 11,500 archived, 1,200 items/s, 25%, ETA 0:00:30");
    }

    @Test
    void leaves_out_the_estimate_when_the_read_position_is_unknown() {
        assertThat(ProgressLine.line(4, 4, 2, -1, 1000)).isEqualTo("4 read, 4 archived, 2 items/s");
    }

    @Test
    void draws_nothing_when_the_output_is_not_a_terminal() {
        StringWriter text = new StringWriter();
        ProgressLine progress = ProgressLine.start(new PrintWriter(text), false, new ConnectorRun("c", "f"), Path.of("f"));
        assertThat(progress).isNull();
        assertThat(text.toString()).isEmpty();
    }
}
