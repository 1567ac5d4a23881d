package io.conduit.source.whatsapp;

import io.conduit.model.Attachment;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where an export's chat text and media come from: a plain {@code .txt} file or a ZIP archive. */
abstract class ExportInput implements Closeable {

    /** The export file's name without folders, for error messages. */
    abstract String fileName();

    /** Prefix of source references: {@code chat.txt} or {@code chat.zip!_chat.txt}. */
    abstract String refPrefix();

    /** The chat's name as the file names tell it. */
    abstract String chatName();

    /** Opens the chat text from its start; each call returns a new stream. */
    abstract InputStream openChat() throws IOException;

    /** The media file with that name as an attachment, or {@code null} when the export does not contain it. */
    abstract Attachment attachment(String name);

    /** Every media file of the export (a ZIP's entries besides the chat text), by name; empty for a text export. */
    java.util.Set<String> mediaNames() {
        return java.util.Set.of();
    }

    /** A plain text export. */
    static ExportInput text(Path file) {
        return new ExportInput() {
            @Override
            String fileName() {
                return file.getFileName().toString();
            }

            @Override
            String refPrefix() {
                return fileName();
            }

            @Override
            String chatName() {
                return ChatNames.fromFileName(fileName());
            }

            @Override
            InputStream openChat() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            Attachment attachment(String name) {
                return null;
            }

            @Override
            public void close() {
            }
        };
    }
}
