package io.conduit.source;

import java.util.ArrayList;
import java.util.List;

import io.conduit.pipeline.ExchangeProperties;
import io.conduit.pipeline.TranscriptArchiver;

/**
 * One parameter of a file source's connector route template ({@code camel.route-template[<id>].<name>}), and the
 * exchange property that carries its value to the source's reader; some are also {@code import} options.
 *
 * @param name         parameter name in dash-case, e.g. {@code timestamp-pattern}
 * @param description  one sentence for the template, the generated configuration reference and {@code --help}
 * @param defaultValue value when the connector does not set it, or {@code null} when it is required
 * @param property     exchange property the value is set as, e.g. {@code ConduitZone} or
 *                     {@code ConduitOption.timestamp-pattern}
 * @param cliOption    the {@code import} option that sets it (e.g. {@code --delimiter}), or {@code null} when the
 *                     command has its own option for it or none
 * @param paramLabel   the option's value label in {@code --help}, e.g. {@code CHAR}
 */
public record SourceParameter(String name, String description, String defaultValue, String property, String cliOption,
                              String paramLabel) {

    /** Default Quartz cron of a file connector's polls: every 15 minutes. */
    public static final String DEFAULT_CRON = "0 0/15 * * * ?";

    /** The polled folder (required). */
    public static SourceParameter input(String description) {
        return new SourceParameter("input", description, null, null, null, null);
    }

    /** The zone of the export's local times, default UTC. */
    public static SourceParameter zone(String description) {
        return new SourceParameter("zone", description, "UTC", ExportReaders.ZONE, null, null);
    }

    /** The export owner's identifier where the format does not say, default empty. */
    public static SourceParameter owner(String description) {
        return new SourceParameter("owner", description, "", ExportReaders.OWNER, null, null);
    }

    /**
     * A source type's own option, carried as {@value ExportReaders#OPTION_PREFIX}{@code <name>} into
     * {@link SourceSettings#options()}, and given on the command line as {@code --<name>}.
     */
    public static SourceParameter option(String name, String description, String defaultValue, String paramLabel) {
        return new SourceParameter(name, description, defaultValue, ExportReaders.OPTION_PREFIX + name, "--" + name,
                paramLabel);
    }

    /**
     * The parameters every file connector template has besides its own: {@code cron}, {@code folder} (default
     * {@code defaultFolder}) and {@code transcripts}, after {@code own}.
     */
    public static List<SourceParameter> withCommon(String defaultFolder, SourceParameter... own) {
        List<SourceParameter> all = new ArrayList<>();
        all.add(new SourceParameter("cron", "Quartz cron expression of the polls, e.g. \"0 0/15 * * * ?\" (every 15 minutes)",
                DEFAULT_CRON, null, null, null));
        all.addAll(List.of(own));
        all.add(new SourceParameter("folder", "Folder of each custodian mailbox that receives the copies", defaultFolder,
                ExchangeProperties.FOLDER, null, null));
        all.add(new SourceParameter("transcripts", "daily: archive one email per conversation and day (in the "
                + "connector's zone) holding the day's messages in order with their attachments, re-issued as a new "
                + "version when later items arrive; off: one email per message", TranscriptArchiver.OFF, TranscriptArchiver.PROPERTY, null, null));
        return List.copyOf(all);
    }
}
