package io.conduit;

import java.util.List;

import io.conduit.source.ExportFormat;
import io.conduit.source.ExportReaders;
import io.conduit.source.SourceParameter;

/**
 * The configuration reference ({@code docs/configuration.md}), generated from the typed definitions: every
 * {@code conduit.*} key ({@link ConduitOptions#definitions()}) and every file source's connector template
 * parameters ({@link ExportFormat#parameters()}). {@code ConfigurationReferenceTest} keeps the file equal to it.
 */
public final class ConfigurationReference {

    private ConfigurationReference() {
    }

    /** The reference as Markdown. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("Generated from `ConduitOptions` and the sources' `SourcePlugin`s by `ConfigurationReferenceTest` ")
                .append("(`mvn test -Dtest=ConfigurationReferenceTest -Dconduit.write-docs=true` rewrites it). ")
                .append("Every value is checked when Conduit starts; a bad one stops the start with a message naming ")
                .append("its key and an example.\n\n")
                .append("Keys go in `application.properties`, `-Dkey=value`, or an environment placeholder such as ")
                .append("`{{env:CONDUIT_IMAP_PASSWORD}}`. Secrets are never logged or shown; prefer their `-file` keys.\n\n")
                .append("| key | type | default | description |\n|---|---|---|---|\n");
        for (ConduitOptions.Definition d : ConduitOptions.definitions()) {
            md.append("| `").append(d.key()).append("` | ").append(d.type().label()).append(" | ")
                    .append(d.defaultValue() == null ? "" : "`" + cell(d.defaultValue()) + "`").append(" | ")
                    .append(cell(d.description())).append(" |\n");
        }
        md.append("\n## File connectors\n\n")
                .append("One route template instance per connector: `camel.route-template[<connector id>].template-id = ")
                .append("<template>`, then its parameters as `camel.route-template[<connector id>].<parameter> = ...`. ")
                .append("The zone and the source's own options are checked at start-up.\n");
        for (String type : ExportReaders.sourceTypes()) {
            ExportFormat format = ExportReaders.format(type);
            md.append("\n### `").append(type).append("`");
            md.append(format.templateId() == null ? " (import only)" : ": template `" + format.templateId() + "`");
            md.append("\n\n").append(cell(format.description())).append(". Files: `").append(format.fileNames())
                    .append("` (case-insensitive).\n\n");
            if (format.templateId() == null) {
                continue;
            }
            md.append("| parameter | default | import option | description |\n|---|---|---|---|\n");
            for (SourceParameter p : format.parameters()) {
                md.append("| `").append(p.name()).append("` | ")
                        .append(p.defaultValue() == null ? "required" : "`" + cell(p.defaultValue()) + "`").append(" | ")
                        .append(option(p)).append(" | ").append(cell(p.description())).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String option(SourceParameter p) {
        if (p.cliOption() != null) {
            return "`" + p.cliOption() + "`";
        }
        return List.of("zone", "owner", "folder", "transcripts").contains(p.name()) ? "`--" + p.name() + "`"
                : p.name().equals("input") ? "FILE-OR-FOLDER" : "";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
