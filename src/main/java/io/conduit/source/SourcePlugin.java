package io.conduit.source;

/**
 * One source of Conduit, found with {@link java.util.ServiceLoader}: a source package adds itself by implementing this
 * interface and naming the class in {@code META-INF/services/io.conduit.source.SourcePlugin}; no shared file changes.
 *
 * <p>A file source gives its {@link #exportFormat()}: Conduit then registers its connector route template
 * ({@code <type>-export-source} unless the format names another), the {@code import <type>} command and its options,
 * and the quarantine retry. A polled source (an API, a daemon, a database) ships its own route template under
 * {@code routes/sources/} and binds the bean that template calls in {@link #bind}.
 */
public interface SourcePlugin {

    /**
     * Source type as written on the command line and in {@code ConduitSourceType}, e.g. {@code sms}; by default the
     * type of the {@link #exportFormat()}.
     */
    default String type() {
        return exportFormat().type();
    }

    /** The export files this source reads, or {@code null} for a source without files. */
    default ExportFormat exportFormat() {
        return null;
    }

    /** Binds the beans this source's route templates call; nothing by default. */
    default void bind(SourceBindings bindings) {
    }
}
