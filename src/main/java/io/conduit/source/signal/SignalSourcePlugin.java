package io.conduit.source.signal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.conduit.source.ExportFormat;
import io.conduit.source.ExportReaders;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceBindings;
import io.conduit.source.SourceParameter;
import io.conduit.source.SourcePlugin;

/**
 * Signal: signal-cli JSON lines (or a text export {@code [yyyy-mm-dd, HH:MM] Name: text}) dropped into a folder
 * ({@code signal-json-source}), and a signal-cli daemon polled over JSON-RPC ({@code signal-source}, bean
 * {@code signalSource}).
 */
public final class SignalSourcePlugin implements SourcePlugin {

    @Override
    public ExportFormat exportFormat() {
        return ExportFormat.of("signal", "Signal Archiver", ".*\\.(txt|json|jsonl|ndjson)",
                "signal-cli JSON lines, or a text export [yyyy-mm-dd, HH:MM] Name: text",
                "Folder polled for .jsonl, .ndjson, .json and .txt files; files are read, never moved or changed",
                (file, s, c) -> !startsWithJson(file) ? SignalTextReader.open(file, s)
                        : c.attachments() == null ? SignalJsonReader.open(file, s)
                        : SignalJsonReader.open(file, s, c.attachments()),
                SourceParameter.zone("Time zone of a text export's local times (JSON lines carry UTC timestamps), e.g. "
                        + "Europe/London"),
                SourceParameter.owner("The account's phone number, used when a JSON line has no account (and as a text "
                        + "export's owner); empty if unknown"),
                new SourceParameter("attachments", "signal-cli's attachments folder; empty = the attachments folder "
                        + "beside each file", "", ExportReaders.ATTACHMENTS, null, null))
                .withTemplateId("signal-json-source");
    }

    @Override
    public void bind(SourceBindings bindings) {
        bindings.context().getRegistry().bind("signalSource",
                new SignalSource(bindings.stateDir().resolve("spool"), bindings.connectorLog()));
    }

    /** True when the file's first non-blank character is '{' (JSON lines), reading at most 4 KiB. */
    static boolean startsWithJson(Path file) throws MalformedExportException {
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
