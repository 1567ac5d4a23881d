package io.conduit.source.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.io.StringReader;
import java.nio.CharBuffer;

import org.junit.jupiter.api.Test;

/** {@link SurrogateReferences}: SMS Backup &amp; Restore's surrogate references become real characters. */
class SurrogateReferencesTest {

    private static String repaired(Reader source) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Reader r = new SurrogateReferences(source)) {
            char[] buf = new char[3];
            int n;
            while ((n = r.read(buf, 0, buf.length)) >= 0) {
                out.append(buf, 0, n);
            }
        }
        return out.toString();
    }

    /** A reader that hands out one char per call, so that every reference straddles the repair's buffer refills. */
    private static Reader trickle(String text) {
        return new Reader() {
            private int pos;

            @Override
            public int read(char[] cbuf, int off, int len) {
                if (pos == text.length()) {
                    return -1;
                }
                cbuf[off] = text.charAt(pos++);
                return 1;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void a_surrogate_pair_written_as_two_references_becomes_the_character() throws Exception {
        String in = "a &#55357;&#56832; b &#xD83D;&#xdcc8; c";

        assertThat(repaired(new StringReader(in))).isEqualTo("a \uD83D\uDE00 b \uD83D\uDCC8 c");
        assertThat(repaired(trickle(in))).isEqualTo("a \uD83D\uDE00 b \uD83D\uDCC8 c");
    }

    @Test
    void lone_surrogates_become_replacement_characters_and_other_references_are_untouched() throws Exception {
        String in = "&#55357; x &#56832;&#55357;&#x1F30D; &amp;#55357; &#65; &#; &#99999999999999; &";

        assertThat(repaired(trickle(in)))
                .isEqualTo("\uFFFD x \uFFFD\uFFFD&#x1F30D; &amp;#55357; &#65; &#; &#99999999999999; &");
    }

    @Test
    void long_text_passes_through_unchanged() throws Exception {
        String in = "x".repeat(200_000) + "&#55357;&#56832;" + "y".repeat(70_000);

        assertThat(repaired(new StringReader(in))).isEqualTo("x".repeat(200_000) + "\uD83D\uDE00" + "y".repeat(70_000));
        assertThat(CharBuffer.wrap(in).length()).isEqualTo(270_016);
    }
}
