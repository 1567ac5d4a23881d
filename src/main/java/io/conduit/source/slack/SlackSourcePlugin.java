package io.conduit.source.slack;

import io.conduit.source.ExportFormat;
import io.conduit.source.SourcePlugin;

/**
 * Slack workspace exports (Workspace settings, Import/Export Data, Export). Slack times are UTC epoch seconds and the
 * export names every member, so there is no zone or owner to configure.
 */
public final class SlackSourcePlugin implements SourcePlugin {

    @Override
    public ExportFormat exportFormat() {
        return ExportFormat.of("slack", "Slack Archiver", ".*\\.zip",
                "a Slack workspace export ZIP (users.json, channels.json, ..., one folder of YYYY-MM-DD.json per conversation)",
                "Folder polled for .zip Slack exports; files are read, never moved or changed",
                (file, s, c) -> SlackExportReader.open(file, s));
    }
}
