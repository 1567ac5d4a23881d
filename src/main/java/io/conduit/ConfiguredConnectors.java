package io.conduit;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.conduit.source.ExportFormat;
import io.conduit.source.ExportReaders;
import io.conduit.source.SourceSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;

/**
 * The connectors configured as route template instances ({@code camel.route-template[<connector id>].<parameter>}),
 * read back with their templates' defaults, and checked at start-up.
 */
public final class ConfiguredConnectors {

    private static final String TEMPLATE_PREFIX = "camel.route-template[";

    private ConfiguredConnectors() {
    }

    /**
     * The configured connectors: connector id to its template parameters (dash-case keys, defaults of the route
     * template filled in, placeholders resolved).
     */
    public static Map<String, Map<String, String>> of(CamelContext context) {
        Properties props = context.getPropertiesComponent().loadProperties(k -> k.startsWith(TEMPLATE_PREFIX));
        Map<String, Map<String, String>> connectors = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            int close = key.indexOf("].", TEMPLATE_PREFIX.length());
            if (close < 0) {
                continue;
            }
            String id = key.substring(TEMPLATE_PREFIX.length(), close);
            connectors.computeIfAbsent(id, k -> new HashMap<>())
                    .put(key.substring(close + 2), context.resolvePropertyPlaceholders(props.getProperty(key)));
        }
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (Map<String, String> params : connectors.values()) {
            RouteTemplateDefinition template = model.getRouteTemplateDefinition(params.get("template-id"));
            if (template == null || template.getTemplateParameters() == null) {
                continue;
            }
            for (RouteTemplateParameterDefinition p : template.getTemplateParameters()) {
                if (p.getDefaultValue() != null) {
                    params.putIfAbsent(dashCase(p.getName()), p.getDefaultValue());
                }
            }
        }
        return connectors;
    }

    private static String dashCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Checks every configured file connector's {@code zone} and source options (e.g. a csv connector's
     * {@code delimiter}) before any route runs, so that a misspelt value fails the start instead of quarantining every
     * file.
     *
     * @throws IllegalArgumentException naming each bad connector parameter, e.g.
     *                                  {@code camel.route-template[chats].zone: zone 'Europe/Londn' is not a time zone (example: Europe/London)}
     */
    public static void validate(CamelContext context) {
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> c : of(context).entrySet()) {
            ExportFormat format = fileFormat(c.getValue().get("template-id"));
            if (format == null) {
                continue;
            }
            String prefix = TEMPLATE_PREFIX + c.getKey() + "].";
            ZoneId zone = ZoneId.of("UTC");
            String configuredZone = c.getValue().get("zone");
            if (configuredZone != null && !configuredZone.isBlank()) {
                try {
                    zone = ExportReaders.zone(configuredZone);
                } catch (IllegalArgumentException e) {
                    errors.add(prefix + "zone: " + e.getMessage());
                }
            }
            try {
                format.validator().validate(new SourceSettings(c.getKey(), zone, null, null, c.getValue()));
            } catch (IllegalArgumentException e) {
                errors.add(prefix + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid connector configuration: " + String.join("; ", errors));
        }
    }

    /** The export format whose file connector template has that id, or {@code null} (a polled connector's). */
    public static ExportFormat fileFormat(String templateId) {
        for (String type : ExportReaders.sourceTypes()) {
            ExportFormat format = ExportReaders.format(type);
            if (templateId != null && templateId.equals(format.templateId())) {
                return format;
            }
        }
        return null;
    }
}
