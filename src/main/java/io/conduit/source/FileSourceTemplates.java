package io.conduit.source;

import io.conduit.pipeline.ExchangeProperties;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteDefinition;

/**
 * The file connectors' route templates, one per {@link ExportFormat} that names a template (e.g.
 * {@code whatsapp-export-source}), built from the format so that its file pattern, default folder and parameters are
 * written once. Each instance ({@code camel.route-template[<connector id>].template-id = ...}) polls its
 * {@code input} folder on the {@code cron}, reads new or changed files without moving or changing them, sets the
 * connector's exchange properties from its parameters and sends each file to {@code direct:export-input}.
 *
 * <p>A file is recorded as read ({@code #processedFiles}, key {@code <route id>/<name>-<size>-<modified>}) only once
 * its run has ended, and no lock file is written beside it: a run that stopped abruptly (a crash, a killed cluster
 * node) leaves the file to be read again, from its checkpoint, and a read-only folder works.
 */
public final class FileSourceTemplates extends RouteBuilder {

    /** The route every file source sends its files to. */
    public static final String INPUT_ROUTE = "direct:export-input";

    @Override
    public void configure() {
        for (SourcePlugin plugin : ExportReaders.plugins()) {
            ExportFormat format = plugin.exportFormat();
            if (format != null && format.templateId() != null) {
                template(format);
            }
        }
    }

    private void template(ExportFormat format) {
        RouteTemplateDefinition template = routeTemplate(format.templateId())
                .templateParameter("input", null, format.parameter("input").description());
        for (SourceParameter p : format.parameters()) {
            if (!p.name().equals("input")) {
                template.templateParameter(p.name(), p.defaultValue(), p.description());
            }
        }
        template.description("Polls a folder for " + format.description() + " on a Quartz cron and archives every item");
        RouteDefinition route = template.from("file:{{input}}"
                        + "?scheduler={{conduit.schedule.scheduler:quartz}}"
                        + "&scheduler.cron=RAW({{cron}})"
                        + "&include=RAW((?i)" + format.fileNames() + ")"
                        + "&noop=true&idempotent=true"
                        + "&idempotentKey=RAW(${routeId}/${file:name}-${file:size}-${file:modified})"
                        + "&idempotentRepository=#processedFiles&idempotentEager=false"
                        + "&readLock=changed&readLockMinAge=2000&readLockMarkerFile=false")
                .routeConfigurationId("conduit-errors")
                .autoStartup("{{conduit.schedule.enabled:true}}")
                .routeDescription(format.type() + " file connector")
                .setProperty(ExchangeProperties.CONNECTOR, simple("${routeId}"))
                .setProperty(ExportReaders.SOURCE_TYPE, constant(format.type()));
        for (SourceParameter p : format.parameters()) {
            if (p.property() != null) {
                route.setProperty(p.property(), constant("{{" + p.name() + "}}"));
            }
        }
        route.to(INPUT_ROUTE);
    }
}
