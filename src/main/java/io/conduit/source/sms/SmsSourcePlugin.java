package io.conduit.source.sms;

import io.conduit.source.ExportFormat;
import io.conduit.source.SourceParameter;
import io.conduit.source.SourcePlugin;

/** SMS Backup &amp; Restore XML backups: messages ({@code <smses>}: SMS and MMS) or a call log ({@code <calls>}). */
public final class SmsSourcePlugin implements SourcePlugin {

    @Override
    public ExportFormat exportFormat() {
        return ExportFormat.of("sms", "SMS Archiver", ".*\\.xml",
                "an SMS Backup & Restore XML backup: messages (<smses>: sms and mms) or a call log (<calls>)",
                "Folder polled for .xml backups (sms-*.xml, calls-*.xml); files are read, never moved or changed",
                (file, s, c) -> SmsBackupReader.open(file, s),
                SourceParameter.owner("Phone number of the phone that was backed up (E.164, e.g. +447700900001; the "
                        + "file does not say); it is the recipient of received and the sender of sent messages; empty "
                        + "if unknown (then the handle device-owner)"));
    }
}
