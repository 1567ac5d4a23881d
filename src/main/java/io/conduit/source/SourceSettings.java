package io.conduit.source;

import java.time.ZoneId;

/**
 * What a source needs to know about its connector to turn raw input into items.
 *
 * @param connectorId   connector (route) id, recorded on every item and in its idempotency key
 * @param zone          zone of local times in the input (for formats that write local times)
 * @param owner         identifier of the account or device owner when the format does not say (phone, email or
 *                      handle), or {@code null}
 * @param defaultRegion ISO 3166 region for phone numbers written without a country code, e.g. {@code GB}
 */
public record SourceSettings(String connectorId, ZoneId zone, String owner, String defaultRegion) {
}
