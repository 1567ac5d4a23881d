package io.conduit.store.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.util.ByteArrayDataSource;
import org.junit.jupiter.api.Test;

/** The body text a Graph message is given, whether or not a data content handler turns the part into a string. */
class GraphStoreTextTest {

    @Test
    void a_text_part_gives_its_string_with_or_without_a_content_handler() throws Exception {
        String text = "price 98.50 for the 2031 gilts, héllo 📈\nsecond line";
        MimeBodyPart handled = part(text, "text/plain; charset=UTF-8");
        assertThat(GraphStore.text(handled)).isEqualTo(text);

        // as when no handler is registered for the type: Jakarta Activation then hands the content over as a stream
        MimeBodyPart streamed = new MimeBodyPart() {
            @Override
            public Object getContent() throws IOException, MessagingException {
                return getInputStream();
            }
        };
        streamed.setDataHandler(new DataHandler(new ByteArrayDataSource(text.getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=UTF-8")));
        assertThat(GraphStore.text(streamed)).isEqualTo(text);

        MimeBodyPart latin1 = new MimeBodyPart() {
            @Override
            public Object getContent() throws IOException, MessagingException {
                return getInputStream();
            }
        };
        latin1.setDataHandler(new DataHandler(new ByteArrayDataSource("héllo".getBytes(StandardCharsets.ISO_8859_1),
                "text/plain; charset=ISO-8859-1")));
        assertThat(GraphStore.text(latin1)).isEqualTo("héllo");
    }

    private static MimeBodyPart part(String text, String type) throws Exception {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(text.getBytes(StandardCharsets.UTF_8), type)));
        return p;
    }
}
