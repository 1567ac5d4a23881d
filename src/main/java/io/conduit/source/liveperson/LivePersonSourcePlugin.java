package io.conduit.source.liveperson;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import io.conduit.source.ExportFormat;
import io.conduit.source.SourceBindings;
import io.conduit.source.SourcePlugin;

/**
 * LivePerson Conversational Cloud: the Messaging Interactions API polled by {@code liveperson-source} (bean
 * {@code livePersonSource}), and saved conversations/search responses given to {@code import liveperson}. A polled
 * connector's pages are read with its hosted-file downloader, so that images and files are attached.
 */
public final class LivePersonSourcePlugin implements SourcePlugin {

    /** Registry name of the polling bean that {@code liveperson-source} calls. */
    public static final String BEAN = "livePersonSource";

    @Override
    public ExportFormat exportFormat() {
        return ExportFormat.of("liveperson", "LivePerson Conversational Cloud", ".*\\.json",
                "a saved LivePerson Messaging Interactions API conversations/search response",
                "Folder of saved conversations/search responses",
                (file, s, c) -> {
                    HostedFileFetchers polled = c.lookup(BEAN, HostedFileFetchers.class);
                    HostedFileFetcher files = polled == null ? null : polled.hostedFiles(s.connectorId());
                    return files == null ? LivePersonConversationsReader.open(file, s)
                            : LivePersonConversationsReader.open(file, s, files);
                })
                .withTemplateId(null);
    }

    @Override
    public void bind(SourceBindings bindings) {
        bindings.context().getRegistry().bind(BEAN, new LivePersonSource(bindings.checkpoints(), bindings.stateDir(),
                Clock.systemUTC(), () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build()));
    }
}
