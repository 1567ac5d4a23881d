package io.conduit.source.liveperson;

import io.conduit.source.liveperson.api.LivePersonClient;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a LivePerson conversations/search response (a file or an HTTP body) as a stream of archive records.
 *
 * <p>Format: LivePerson Messaging Interactions API, conversations/search response
 * ({@code {"_metadata":{...},"conversationHistoryRecords":[{info, messageRecords, agentParticipants,
 * consumerParticipants, transfers, ...}]}}). The document is streamed with Jackson's {@link JsonParser}: only one
 * conversation record is held in memory at a time.
 *
 * <p>Items: one {@code Message} ({@code IPM.NOTE.LivePerson.Message}) per {@code messageRecords[]} element, item id
 * {@code messageId}, version 1, time {@code timeL}; one {@code SystemEvent} ({@code IPM.NOTE.LivePerson.SystemEvent})
 * per agent join ({@code agentParticipants[]}), agent leave ({@code agentParticipantsLeave[]}), transfer
 * ({@code transfers[]}) and for the close ({@code info.endTimeL} &gt; 0 or {@code status} {@code CLOSE}). Source
 * references are {@code <sourceName>#<conversationId>/<messageId or event id>}; {@code sourceSha256} is the SHA-256
 * of the record's JSON as Jackson writes it.
 */
public final class LivePersonConversationsReader {

    /** Source name written to every item. */
    public static final String SOURCE = "LivePerson";
    /** Source name used by {@link #read(InputStream, String, SourceSettings)} callers for API responses. */
    public static final String API_SOURCE_NAME = "conversations/search";

    private static final ObjectMapper JSON = io.conduit.source.support.JsonFields.MAPPER;

    private LivePersonConversationsReader() {
    }

    /**
     * Opens a saved conversations/search response; hosted files are not fetched (items get {@code MEDIA_OMITTED}).
     *
     * @see #open(Path, SourceSettings, HostedFileFetcher)
     */
    public static SourceRecords open(Path file, SourceSettings settings) throws MalformedExportException {
        return open(file, settings, null);
    }

    /**
     * Opens a saved conversations/search response.
     *
     * @param file     the JSON file
     * @param settings connector id and phone region ({@code zone} and {@code owner} are not used: times are epoch ms)
     * @param fetcher  opens hosted files by {@code relativePath}, or {@code null} to leave them out
     * @return the records, to iterate and then close; the caller owns them
     * @throws MalformedExportException naming the file when it cannot be read, is not JSON or has no
     *                                  {@code conversationHistoryRecords} array
     */
    public static SourceRecords open(Path file, SourceSettings settings, HostedFileFetcher fetcher)
            throws MalformedExportException {
        String name = file.getFileName().toString();
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new MalformedExportException(name + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return read(in, name, settings, fetcher);
    }

    /**
     * Reads a conversations/search response body; hosted files are not fetched.
     *
     * @see #read(InputStream, String, SourceSettings, HostedFileFetcher)
     */
    public static SourceRecords read(InputStream json, String sourceName, SourceSettings settings)
            throws MalformedExportException {
        return read(json, sourceName, settings, null);
    }

    /**
     * Reads a conversations/search response body, for example one page from {@link LivePersonClient}.
     *
     * @param json       the response body (UTF-8 JSON); closed when the records are closed or when this throws
     * @param sourceName names the input in references and reasons, e.g. {@link #API_SOURCE_NAME} or a file name
     * @param settings   connector id and phone region
     * @param fetcher    opens hosted files by {@code relativePath}, or {@code null} to leave them out
     * @return the records, to iterate and then close
     * @throws MalformedExportException naming {@code sourceName} when the body is not JSON, not an object or has no
     *                                  {@code conversationHistoryRecords} array
     */
    public static SourceRecords read(InputStream json, String sourceName, SourceSettings settings,
            HostedFileFetcher fetcher) throws MalformedExportException {
        JsonParser parser = null;
        try {
            parser = JSON.createParser(json);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedExportException(sourceName
                        + ": not a LivePerson conversations/search response (not a JSON object)");
            }
            while (true) {
                JsonToken token = parser.nextToken();
                if (token != JsonToken.FIELD_NAME) {
                    throw new MalformedExportException(sourceName
                            + ": not a LivePerson conversations/search response (no conversationHistoryRecords)");
                }
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("conversationHistoryRecords")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new MalformedExportException(sourceName
                                + ": conversationHistoryRecords is not an array");
                    }
                    ConversationItems items = new ConversationItems(JSON, settings, sourceName, fetcher);
                    return new ConversationRecords(parser, items, sourceName, settings.connectorId());
                }
                parser.skipChildren();
            }
        } catch (JsonProcessingException e) {
            closeQuietly(parser, json);
            throw new MalformedExportException(sourceName + ": not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            closeQuietly(parser, json);
            throw new MalformedExportException(sourceName + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (MalformedExportException | RuntimeException e) {
            closeQuietly(parser, json);
            throw e;
        }
    }

    private static void closeQuietly(JsonParser parser, InputStream in) {
        try {
            if (parser != null) {
                parser.close();
            }
            in.close();
        } catch (IOException ignored) {
            // already failing with a better reason
        }
    }
}
