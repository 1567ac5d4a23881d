package io.conduit.source.telegram;

import io.conduit.source.ExportFormat;
import io.conduit.source.SourceParameter;
import io.conduit.source.SourcePlugin;

/** Telegram Desktop JSON exports ({@code result.json}): one chat, or the whole account. */
public final class TelegramSourcePlugin implements SourcePlugin {

    @Override
    public ExportFormat exportFormat() {
        return ExportFormat.of("telegram", "Telegram Archiver", ".*\\.json",
                "Telegram Desktop JSON export (result.json): one chat, or the whole account with chats.list[]",
                "Folder polled for .json exports; files are read, never moved or changed; photos and files the export "
                        + "saved beside result.json (inside this folder) become attachments",
                (file, s, c) -> TelegramExportReader.open(file, s),
                SourceParameter.zone("Time zone of the export's local \"date\" fields, used only for messages without "
                        + "date_unixtime (older Telegram Desktop versions), e.g. Europe/London"),
                SourceParameter.owner("Phone number, email or Telegram handle (user123456, as in from_id) of the account "
                        + "that exported a single chat; a full-account export names its owner in personal_information; "
                        + "empty if unknown"));
    }
}
