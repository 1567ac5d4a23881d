package io.conduit.source.whatsapp;

import io.conduit.source.ExportFormat;
import io.conduit.source.SourceParameter;
import io.conduit.source.SourcePlugin;

/** WhatsApp "Export chat" files: a {@code .txt}, or a {@code .zip} with the media. */
public final class WhatsAppSourcePlugin implements SourcePlugin {

    @Override
    public ExportFormat exportFormat() {
        return ExportFormat.of("whatsapp", "WhatsApp Archiver", ".*\\.(txt|zip)",
                "WhatsApp \"Export chat\" .txt, or .zip with media",
                "Folder polled for .txt and .zip exports; files are read, never moved or changed",
                (file, s, c) -> WhatsAppExportReader.open(file,
                        new WhatsAppSettings(s.connectorId(), s.zone(), s.owner(), s.defaultRegion())),
                SourceParameter.zone("Time zone of the export's local times (the exporting phone's zone), e.g. Europe/London"),
                SourceParameter.owner("Phone number, email or contact name of the person who exported the chats (the "
                        + "file does not say); empty if unknown"));
    }
}
