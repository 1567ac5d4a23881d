package io.conduit.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ItemEvent;
import io.conduit.pipeline.ExchangeProperties;
import io.conduit.source.liveperson.HostedFileFetcher;
import io.conduit.source.liveperson.HostedFileFetchers;
import io.conduit.source.liveperson.LivePersonSourcePlugin;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** {@link ExportReaders}: the reader by source type, and a polled LivePerson connector's hosted-file downloader
 * (the {@code livePersonSource} bean in the registry). */
class ExportReadersTest {

    static final Path PAGE = Path.of("src/test/resources/liveperson/transfers-and-files.json");

    @Test
    void a_liveperson_connector_with_a_downloader_archives_its_hosted_files_as_attachments() throws Exception {
        List<String> asked = new ArrayList<>();
        HostedFileFetcher fetcher = path -> {
            asked.add(path);
            return new ByteArrayInputStream("%PDF-1.7 receipt".getBytes(StandardCharsets.US_ASCII));
        };
        HostedFileFetchers polled = connector -> "lp-with-files".equals(connector) ? fetcher : null;

        ArchiveItem file = firstItem(polled, "lp-with-files");

        assertThat(file.attachments()).hasSize(1);
        assertThat(file.events()).doesNotContain(ItemEvent.MEDIA_OMITTED);
        try (InputStream in = file.attachments().get(0).content().open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.7 receipt");
        }
        assertThat(asked).containsExactly("/v1/AUTH_async/acc/20240101/receipt.pdf");
    }

    @Test
    void a_liveperson_connector_without_a_downloader_notes_the_file_as_not_archived() throws Exception {
        ArchiveItem file = firstItem(connector -> null, "lp-plain");

        assertThat(file.attachments()).isEmpty();
        assertThat(file.events()).contains(ItemEvent.MEDIA_OMITTED);
        assertThat(file.body()).contains("[file not archived: /v1/AUTH_async/acc/20240101/receipt.pdf (PDF)]");
    }

    private static ArchiveItem firstItem(HostedFileFetchers polled, String connector) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind(LivePersonSourcePlugin.BEAN, polled);
        ExportReaders readers = new ExportReaders("GB");
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(PAGE.toFile());
        exchange.setProperty(ExportReaders.SOURCE_TYPE, "liveperson");
        exchange.setProperty(ExchangeProperties.CONNECTOR, connector);
        try (SourceRecords records = readers.open(exchange)) {
            while (records.hasNext()) {
                if (records.next() instanceof ArchiveItem item && item.body().contains("my receipt")) {
                    return item;
                }
            }
        }
        throw new AssertionError("no item with the hosted file");
    }
}
