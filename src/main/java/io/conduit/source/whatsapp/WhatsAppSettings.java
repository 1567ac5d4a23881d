package io.conduit.source.whatsapp;

import java.time.ZoneId;
import java.util.Objects;

/**
 * How to read one connector's WhatsApp exports: which connector, which zone the export's local times are in, and who
 * exported them.
 *
 * @param connectorId   connector instance id written to every item
 * @param zone          zone of the export's local date-times (the exporting phone's zone)
 * @param owner         the person who exported the chat: phone number, email or contact name as the export writes it;
 *                      {@code null} when unknown
 * @param defaultRegion ISO 3166 region for phone numbers without a country code, e.g. {@code GB}
 */
public record WhatsAppSettings(String connectorId, ZoneId zone, String owner, String defaultRegion) {

    public WhatsAppSettings {
        Objects.requireNonNull(zone, "zone");
        owner = owner == null || owner.isBlank() ? null : owner.strip();
    }
}
