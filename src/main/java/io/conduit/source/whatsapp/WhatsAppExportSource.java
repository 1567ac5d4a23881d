package io.conduit.source.whatsapp;

import io.conduit.source.MalformedExportException;
import java.io.File;
import java.time.DateTimeException;
import java.time.ZoneId;

import io.conduit.pipeline.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;

/**
 * The bean behind the {@code whatsapp-export-source} route template: opens a dropped export with the connector's
 * settings and hands its records to the route's splitter.
 */
public final class WhatsAppExportSource {

    /** Exchange property with the connector's time zone id, e.g. {@code Europe/London}. */
    public static final String ZONE = "ConduitZone";
    /** Exchange property with the export owner's identifier (phone, email or contact name); may be empty. */
    public static final String OWNER = "ConduitOwner";

    private final String defaultRegion;

    /** @param defaultRegion ISO 3166 region for phone numbers written without a country code */
    public WhatsAppExportSource(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /**
     * Opens the export in the exchange body (a polled file or a {@link File}).
     *
     * @return the records, an iterator of {@link io.conduit.model.ArchiveItem} and
     *         {@link io.conduit.model.RejectedRecord}; also kept in {@link ExchangeProperties#RECORDS} to be closed
     * @throws MalformedExportException naming the file when it is not a WhatsApp export, empty, a corrupt ZIP, or a
     *                                  symbolic link
     * @throws IllegalArgumentException when the connector's zone is not a time zone
     */
    public ExportRecords open(Exchange exchange) throws MalformedExportException {
        Object body = exchange.getMessage().getBody();
        File file = body instanceof GenericFile<?> gf ? (File) gf.getFile() : exchange.getMessage().getBody(File.class);
        String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, String.class);
        String owner = exchange.getProperty(OWNER, String.class);
        WhatsAppSettings settings = new WhatsAppSettings(connector, zone(exchange.getProperty(ZONE, String.class)),
                owner == null || owner.isBlank() ? null : owner.strip(), defaultRegion);
        if (java.nio.file.Files.isSymbolicLink(file.toPath())) {
            throw new MalformedExportException(file.getName() + ": symbolic link refused (an input must be a regular file "
                    + "in the input folder, not a link to one elsewhere)");
        }
        ExportRecords records = WhatsAppExportReader.open(file.toPath(), settings);
        exchange.setProperty(ExchangeProperties.RECORDS, records);
        return records;
    }

    /**
     * Parses a configured zone.
     *
     * @throws IllegalArgumentException "zone 'Europe/Londn' is not a time zone (example: Europe/London)"
     */
    public static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone == null ? "" : zone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone '" + zone + "' is not a time zone (example: Europe/London)", e);
        }
    }
}
