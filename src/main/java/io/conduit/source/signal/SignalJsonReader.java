package io.conduit.source.signal;

import io.conduit.source.support.LineReader;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceSettings;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Opens a file of signal-cli JSON lines ({@code signal-cli -o json receive} output, a spool file written by
 * {@link SignalRpcClient}, or JSON-RPC {@code receive} notifications) as a stream of records.
 *
 * <p>Each line is one object {@code {"envelope":{...},"account":"+44..."}} as documented in signal-cli's
 * {@code signal-cli-jsonrpc(5)} man page and written by its {@code JsonReceiveMessageHandler} and
 * {@code JsonMessageEnvelope}; a whole notification ({@code {"jsonrpc":"2.0","method":"receive","params":...}}) or
 * a subscription result ({@code {"subscription":0,"result":...}}) is unwrapped first. What becomes an item:
 * <ul>
 * <li>{@code dataMessage} (incoming) and {@code syncMessage.sentMessage} (sent by the account on another device):
 *     event {@code Message}, item id {@code <author uuid or number>:<sent timestamp ms>} (Signal's own message
 *     identity is the author and the sent timestamp), version 1;</li>
 * <li>{@code remoteDelete} and {@code editMessage}: the original message's item id with a version &gt; 1
 *     ({@code 1 + ms between original and change}, stable across polls) and {@link io.conduit.model.ItemEvent#DELETED}
 *     or {@link io.conduit.model.ItemEvent#EDITED}; the body names the original timestamp;</li>
 * <li>reactions: their own item, the emoji and the target in the body;</li>
 * <li>group updates and disappearing-timer changes without content: event {@code SystemEvent}.</li>
 * </ul>
 * Receipts, typing indicators, calls, stories, other sync messages and empty data messages are skipped and counted
 * ({@link SignalJsonRecords#skipped()}). Group members are not in an envelope, so a group item's recipients are the
 * account only (incoming) or the group itself as a participant {@code signal-group:<id>} (sent by the account).
 * A direct conversation's id is the other party's number when signal-cli knows it, else their UUID, so a contact
 * whose number is hidden (phone number privacy) may appear under both ids.
 */
public final class SignalJsonReader {

    /** Source name written to every item. */
    public static final String SOURCE = "Signal";

    private SignalJsonReader() {
    }

    /**
     * Opens a file with attachments looked up in {@code <file's folder>/attachments}.
     *
     * @see #open(Path, SourceSettings, Path)
     */
    public static SignalJsonRecords open(Path file, SourceSettings settings) throws MalformedExportException {
        Path parent = file.toAbsolutePath().getParent();
        return open(file, settings, parent.resolve("attachments"));
    }

    /**
     * Opens a file of signal-cli JSON lines.
     *
     * @param file           the JSON-lines file (UTF-8; invalid bytes become U+FFFD)
     * @param settings       connector id, owner (used when a line has no {@code account}) and phone region
     * @param attachmentsDir signal-cli's attachments folder, where an attachment is the file named by its {@code id};
     *                       opened lazily when an attachment is read, may be absent (attachments then count as omitted)
     * @return the records, to iterate and then close; the caller owns them
     * @throws MalformedExportException naming the file when it is not a regular file or cannot be opened
     */
    public static SignalJsonRecords open(Path file, SourceSettings settings, Path attachmentsDir)
            throws MalformedExportException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new MalformedExportException(name + ": not a regular file (absent, a folder or a symbolic link)");
        }
        try {
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            LineReader lines = new LineReader(new InputStreamReader(Files.newInputStream(file), decoder),
                    SignalJsonRecords.MAX_LINE_CHARS);
            EnvelopeMapper mapper = new EnvelopeMapper(settings, new SignalAttachments(attachmentsDir));
            return new SignalJsonRecords(lines, name, settings.connectorId(), mapper);
        } catch (IOException e) {
            throw new MalformedExportException(name + ": cannot be read (" + Escapes.of(e.getMessage()) + ")", e);
        }
    }
}
