package io.conduit.source;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a source needs to know about its connector to turn raw input into items.
 *
 * @param connectorId   connector (route) id, recorded on every item and in its idempotency key
 * @param zone          zone of local times in the input (for formats that write local times)
 * @param owner         identifier of the account or device owner when the format does not say (phone, email or
 *                      handle), or {@code null}
 * @param defaultRegion ISO 3166 region for phone numbers written without a country code, e.g. {@code GB}
 * @param options       options of one source type by name, e.g. {@code delimiter -> ;} for {@code csv}, from the
 *                      exchange properties {@value ExportReaders#OPTION_PREFIX}{@code <name>}; never {@code null}
 */
public record SourceSettings(String connectorId, ZoneId zone, String owner, String defaultRegion,
                             Map<String, String> options) {

    public SourceSettings {
        Map<String, String> copy = new LinkedHashMap<>();
        if (options != null) {
            options.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k, v);
                }
            });
        }
        options = Map.copyOf(copy);
    }

    /** Settings without source-type options. */
    public SourceSettings(String connectorId, ZoneId zone, String owner, String defaultRegion) {
        this(connectorId, zone, owner, defaultRegion, Map.of());
    }

    /** The option of that name, or {@code fallback} when it is absent or empty. */
    public String option(String name, String fallback) {
        String v = options.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
