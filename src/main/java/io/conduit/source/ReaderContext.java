package io.conduit.source;

import java.nio.file.Path;

import org.apache.camel.spi.Registry;

/**
 * What a reader may use besides the file and its connector's settings.
 *
 * @param attachments a source's attachments folder from the connector ({@code ConduitAttachments}), or {@code null}
 * @param registry    the Camel registry, for the beans a source bound in {@link SourcePlugin#bind}; {@code null} in
 *                    unit tests that open a file directly
 */
public record ReaderContext(Path attachments, Registry registry) {

    /** No attachments folder and no registry. */
    public static final ReaderContext NONE = new ReaderContext(null, null);

    /** The bean of that name and type, or {@code null} when there is no registry or no such bean. */
    public <T> T lookup(String name, Class<T> type) {
        return registry == null ? null : registry.lookupByNameAndType(name, type);
    }
}
