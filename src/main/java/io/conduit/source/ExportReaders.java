package io.conduit.source;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.conduit.pipeline.ExchangeProperties;
import io.conduit.source.facebook.FacebookPageReader;
import io.conduit.source.liveperson.HostedFileFetcher;
import io.conduit.source.csv.DelimitedTextReader;
import io.conduit.source.liveperson.LivePersonConversationsReader;
import io.conduit.source.signal.SignalJsonReader;
import io.conduit.source.signal.SignalTextReader;
import io.conduit.source.slack.SlackExportReader;
import io.conduit.source.sms.SmsBackupReader;
import io.conduit.source.telegram.TelegramExportReader;
import io.conduit.source.twitter.TwitterArchiveReader;
import io.conduit.source.whatsapp.WhatsAppExportReader;
import io.conduit.source.whatsapp.WhatsAppSettings;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;

/**
 * The bean behind the {@code export-input} route: opens one export file with the reader of its source type and the
 * connector's settings, and hands its records to the route's splitter.
 *
 * <p>Source types: {@code whatsapp} (WhatsApp "Export chat" .txt or .zip), {@code signal} (signal-cli JSON lines, or a
 * text export {@code [yyyy-mm-dd, HH:MM] Name: text}, told apart by the first character), {@code liveperson} (a saved
 * LivePerson Messaging Interactions API conversations/search response), {@code telegram} (a Telegram Desktop JSON
 * export), {@code facebook} (a saved Graph API page feed response), {@code slack}, {@code sms}, {@code twitter}, and
 * {@code csv} (delimited text with the documented header row, see {@link DelimitedTextReader}).
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

    private static final Map<String, ExportFormat> FORMATS = new LinkedHashMap<>();

    static {
        register(new ExportFormat("whatsapp", "WhatsApp Archiver", ".*\\.(txt|zip)",
                "WhatsApp \"Export chat\" .txt, or .zip with media",
                (file, s, a) -> WhatsAppExportReader.open(file,
                        new WhatsAppSettings(s.connectorId(), s.zone(), s.owner(), s.defaultRegion()))));
        register(new ExportFormat("signal", "Signal Archiver", ".*\\.(txt|json|jsonl|ndjson)",
                "signal-cli JSON lines, or a text export [yyyy-mm-dd, HH:MM] Name: text",
                (file, s, a) -> !startsWithJson(file) ? SignalTextReader.open(file, s)
                        : a == null ? SignalJsonReader.open(file, s) : SignalJsonReader.open(file, s, a)));
        register(new ExportFormat("twitter", "X Archiver", ".*\\.(js|zip)",
                "an X (Twitter) account archive .zip, or its data/*.js parts (tweets, direct messages, account.js)",
                (file, s, a) -> TwitterArchiveReader.open(file, s)));
        register(new ExportFormat("liveperson", "LivePerson Conversational Cloud", ".*\\.json",
                "a saved LivePerson Messaging Interactions API conversations/search response",
                (file, s, a) -> LivePersonConversationsReader.open(file, s)));
        register(new ExportFormat("slack", "Slack Archiver", ".*\\.zip",
                "a Slack workspace export ZIP (users.json, channels.json, ..., one folder of YYYY-MM-DD.json per conversation)",
                (file, s, a) -> SlackExportReader.open(file, s)));
        register(new ExportFormat("telegram", "Telegram Archiver", ".*\\.json",
                "Telegram Desktop JSON export (result.json): one chat, or the whole account with chats.list[]",
                (file, s, a) -> TelegramExportReader.open(file, s)));
        register(new ExportFormat("facebook", "Facebook Archiver", ".*\\.json",
                "a saved Facebook Graph API page feed response (posts with comments, likes and reactions)",
                (file, s, a) -> FacebookPageReader.open(file, s)));
        register(new ExportFormat("sms", "SMS Archiver", ".*\\.xml",
                "an SMS Backup & Restore XML backup: messages (<smses>: sms and mms) or a call log (<calls>)",
                (file, s, a) -> SmsBackupReader.open(file, s)));
        register(new ExportFormat("whatsapp-business", "WhatsApp Business Archiver", ".*\\.json",
                "a WhatsApp Business Platform (Cloud API) webhook delivery body (object whatsapp_business_account)",
                (file, s, a) -> io.conduit.source.whatsappbusiness.WhatsAppBusinessPayloadReader.open(file, s,
                        io.conduit.source.whatsappbusiness.WhatsAppBusinessWebhookSource.mediaFetcher(s))));
        register(new ExportFormat("csv", DelimitedTextReader.DEFAULT_FOLDER, DelimitedTextReader.FILE_NAMES,
                "delimited text (.csv, .tsv) with a header row of the documented columns (README, \"Delimited text\")",
                (file, s, a) -> DelimitedTextReader.open(file, s)));
    }

    private static void register(ExportFormat format) {
        FORMATS.put(format.type(), format);
    }

    private final String defaultRegion;
    private final Function<String, HostedFileFetcher> hostedFiles;

    /** @param defaultRegion ISO 3166 region for phone numbers written without a country code */
    public ExportReaders(String defaultRegion) {
        this(defaultRegion, connector -> null);
    }

    /**
     * @param defaultRegion ISO 3166 region for phone numbers written without a country code
     * @param hostedFiles   a LivePerson connector's hosted-file downloader by connector id, or {@code null}
     */
    public ExportReaders(String defaultRegion, Function<String, HostedFileFetcher> hostedFiles) {
        this.defaultRegion = defaultRegion;
        this.hostedFiles = hostedFiles;
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
        // a polled LivePerson connector's pages come with the connector's hosted-file downloader, when it has one
        HostedFileFetcher files = "liveperson".equals(type) ? hostedFiles.apply(settings.connectorId()) : null;
        SourceRecords records = files != null ? LivePersonConversationsReader.open(file.toPath(), settings, files)
                : format.reader().open(file.toPath(), settings,
                        attachments == null || attachments.isBlank() ? null : Path.of(attachments.strip()));
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

    /** True when the file's first non-blank character is '{' (JSON lines), reading at most 4 KiB. */
    private static boolean startsWithJson(Path file) throws MalformedExportException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4096);
            for (byte b : head) {
                if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                    return b == '{';
                }
            }
            return false;
        } catch (IOException e) {
            throw new MalformedExportException(file.getFileName() + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
