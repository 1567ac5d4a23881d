package io.conduit.source;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

import io.conduit.pipeline.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;

/**
 * The bean behind the {@code export-input} route: opens one export file with the reader of its source type and the
 * connector's settings, and hands its records to the route's splitter. The source types are the
 * {@link SourcePlugin}s on the class path that give an {@link ExportFormat}.
 */
public final class ExportReaders {

    /** Exchange property with the source type, a key of {@link #sourceTypes()}. */
    public static final String SOURCE_TYPE = "ConduitSourceType";
    /** Exchange property with the connector's time zone id, e.g. {@code Europe/London}. */
    public static final String ZONE = "ConduitZone";
    /** Exchange property with the export owner's identifier (phone, email or contact name); may be empty. */
    public static final String OWNER = "ConduitOwner";

    /** Exchange property with signal-cli's attachments folder; blank or absent: {@code attachments} beside the file. */
    public static final String ATTACHMENTS = "ConduitAttachments";

    /**
     * Prefix of the exchange properties that carry one source type's options, e.g. {@code ConduitOption.delimiter};
     * the rest of the name is the option's name in {@link SourceSettings#options()}.
     */
    public static final String OPTION_PREFIX = "ConduitOption.";

    private static final List<SourcePlugin> PLUGINS = load();
    private static final Map<String, ExportFormat> FORMATS = formats(PLUGINS);

    private final String defaultRegion;

    /** @param defaultRegion ISO 3166 region for phone numbers written without a country code */
    public ExportReaders(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /** Every source on the class path ({@code META-INF/services/io.conduit.source.SourcePlugin}), by type. */
    public static List<SourcePlugin> plugins() {
        return PLUGINS;
    }

    private static List<SourcePlugin> load() {
        Map<String, SourcePlugin> byType = new TreeMap<>();
        for (SourcePlugin plugin : ServiceLoader.load(SourcePlugin.class, ExportReaders.class.getClassLoader())) {
            SourcePlugin other = byType.put(plugin.type(), plugin);
            if (other != null) {
                throw new IllegalStateException("two sources of type '" + plugin.type() + "': "
                        + other.getClass().getName() + " and " + plugin.getClass().getName());
            }
        }
        return List.copyOf(byType.values());
    }

    private static Map<String, ExportFormat> formats(List<SourcePlugin> plugins) {
        Map<String, ExportFormat> formats = new LinkedHashMap<>();
        for (SourcePlugin plugin : plugins) {
            ExportFormat format = plugin.exportFormat();
            if (format != null) {
                formats.put(format.type(), format);
            }
        }
        return Collections.unmodifiableMap(formats);
    }

    /** The source types that have an export reader. */
    public static Set<String> sourceTypes() {
        return FORMATS.keySet();
    }

    /** The format of a source type, or {@code null} when there is none. */
    public static ExportFormat format(String sourceType) {
        return FORMATS.get(sourceType);
    }

    /** The default custodian folder of a source type. */
    public static String defaultFolder(String sourceType) {
        ExportFormat format = FORMATS.get(sourceType);
        return format == null ? null : format.defaultFolder();
    }

    /**
     * Opens the export in the exchange body (a polled file or a {@link File}) with the reader of property
     * {@value #SOURCE_TYPE}; a signal JSON-lines file takes its attachments from {@value #ATTACHMENTS} when set.
     *
     * @return the records, also kept in {@link ExchangeProperties#RECORDS} to be closed when the input is done
     * @throws MalformedExportException naming the file when it is not an export of that source, empty, corrupt, or a
     *                                  symbolic link
     * @throws IllegalArgumentException when the source type is unknown or the zone is not a time zone
     */
    public SourceRecords open(Exchange exchange) throws MalformedExportException {
        Object body = exchange.getMessage().getBody();
        File file = body instanceof GenericFile<?> gf ? (File) gf.getFile() : exchange.getMessage().getBody(File.class);
        String type = exchange.getProperty(SOURCE_TYPE, "whatsapp", String.class);
        ExportFormat format = FORMATS.get(type);
        if (format == null) {
            throw new IllegalArgumentException("unknown source type '" + type + "' (known: " + String.join(", ", FORMATS.keySet()) + ")");
        }
        if (Files.isSymbolicLink(file.toPath())) {
            throw new MalformedExportException(file.getName() + ": symbolic link refused (an input must be a regular file "
                    + "in the input folder, not a link to one elsewhere)");
        }
        String owner = exchange.getProperty(OWNER, String.class);
        SourceSettings settings = new SourceSettings(exchange.getProperty(ExchangeProperties.CONNECTOR, String.class),
                zone(exchange.getProperty(ZONE, "UTC", String.class)), owner == null || owner.isBlank() ? null : owner.strip(),
                defaultRegion, options(exchange));
        String attachments = exchange.getProperty(ATTACHMENTS, String.class);
        ReaderContext context = new ReaderContext(attachments == null || attachments.isBlank() ? null
                : Path.of(attachments.strip()), exchange.getContext().getRegistry());
        SourceRecords records = format.reader().open(file.toPath(), settings, context);
        exchange.setProperty(ExchangeProperties.RECORDS, records);
        return records;
    }

    /** The source-type options of an exchange: its string properties named {@value #OPTION_PREFIX}{@code <name>}. */
    private static Map<String, String> options(Exchange exchange) {
        Map<String, String> options = new LinkedHashMap<>();
        exchange.getProperties().forEach((k, v) -> {
            if (k.startsWith(OPTION_PREFIX) && v instanceof String s) {
                options.put(k.substring(OPTION_PREFIX.length()), s);
            }
        });
        return options;
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
