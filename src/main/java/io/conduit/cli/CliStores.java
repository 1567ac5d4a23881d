package io.conduit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import io.conduit.ConduitCamel;
import io.conduit.ConduitOptions;
import io.conduit.store.ArchiveStore;
import io.conduit.store.StoreFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/** Opens a store for a command that does not run the pipeline ({@code export rsmf}, {@code check-target}). */
final class CliStores {

    private CliStores() {
    }

    /**
     * The store of {@code storeUri} (else {@code conduit.store.uri}), with the IMAP and OAuth options given and the
     * {@code application.properties} keys, placeholders resolved.
     *
     * @throws IllegalArgumentException when the store URI or its options are invalid (naming the key or option)
     */
    static ArchiveStore open(String storeUri, ImapLoginOptions imap) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation(ConduitCamel.PROPERTY_LOCATIONS);
        Map<String, String> given = new LinkedHashMap<>();
        ImapLoginOptions.put(given, ConduitOptions.STORE_URI, storeUri);
        imap.addTo(given);
        Properties overrides = new Properties();
        given.forEach(overrides::setProperty);
        context.getPropertiesComponent().setOverrideProperties(overrides);
        try {
            Function<String, String> property = key -> context.getPropertiesComponent()
                    .resolveProperty(key).map(String::strip).orElse(null);
            String uri = property.apply(ConduitOptions.STORE_URI);
            return StoreFactory.create(uri == null ? ConduitOptions.defaultValue(ConduitOptions.STORE_URI) : uri, property);
        } finally {
            context.close();
        }
    }
}
