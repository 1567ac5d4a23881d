package io.conduit.source.slack;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.RejectedRecord;

/**
 * What the export's index files say: the users ({@code users.json}, {@code org_users.json}) and the conversations
 * ({@code channels.json}, {@code groups.json}, {@code mpims.json}, {@code dms.json}), each read streaming one array
 * element at a time, keeping only ids, names, emails and member lists.
 *
 * <p>A broken index file does not stop the export: what was read before the fault is kept, and the fault becomes a
 * {@link RejectedRecord} naming the entry and the element ({@link #rejected()}); day files of conversations it did not
 * list are then read as {@link SlackConversation.Kind#UNLISTED}.
 */
final class SlackWorkspace {

    /** Index files of users, read in this order (a later entry for the same id wins). */
    static final List<String> USER_FILES = List.of("users.json", "org_users.json");

    private final Map<String, SlackUser> users = new HashMap<>();
    private final Map<String, SlackConversation> byFolder = new LinkedHashMap<>();
    private final Map<String, SlackConversation> byId = new HashMap<>();
    private final List<RejectedRecord> rejected = new ArrayList<>();
    private final String connectorId;
    private boolean indexFound;

    SlackWorkspace(String connectorId) {
        this.connectorId = connectorId;
    }

    /** Opens one index entry; {@code null} when the export has no such entry. */
    @FunctionalInterface
    interface Entries {
        InputStream open(String indexFile) throws IOException;
    }

    /**
     * Reads every index file the export has.
     *
     * @param entries   opens an index file by its name relative to the export root
     * @param refPrefix prefix of source references, e.g. {@code export.zip!}
     */
    void read(Entries entries, String refPrefix) {
        for (String file : USER_FILES) {
            readArray(entries, refPrefix, file, user -> {
                SlackUser u = SlackUser.of(user);
                if (u == null) {
                    return "user without an id";
                }
                users.put(u.id(), u);
                return null;
            });
        }
        for (SlackConversation.Kind kind : SlackConversation.Kind.values()) {
            if (kind.indexFile == null) {
                continue;
            }
            readArray(entries, refPrefix, kind.indexFile, c -> {
                String id = SlackJson.text(c, "id");
                if (id == null) {
                    return "conversation without an id";
                }
                String name = SlackJson.text(c, "name");
                List<String> members = new ArrayList<>();
                for (JsonNode m : c.path("members")) {
                    if (m.isTextual() && !m.asText().isBlank()) {
                        members.add(m.asText());
                    }
                }
                String folder = kind == SlackConversation.Kind.DM || name == null ? id : name;
                SlackConversation conversation = new SlackConversation(id, name == null ? id : name, kind, folder,
                        members);
                byFolder.putIfAbsent(folder, conversation);
                byFolder.putIfAbsent(id, conversation);
                byId.putIfAbsent(id, conversation);
                return null;
            });
        }
    }

    /** Reads one element of an index array; returns {@code null}, or why the element was not usable. */
    @FunctionalInterface
    private interface Element {
        String accept(JsonNode element);
    }

    private void readArray(Entries entries, String refPrefix, String file, Element element) {
        String ref = refPrefix + file;
        int index = 0;
        try (InputStream in = entries.open(file)) {
            if (in == null) {
                return;
            }
            indexFound = true;
            try (JsonParser parser = SlackJson.JSON.createParser(in)) {
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    reject(ref, "not a JSON array", null);
                    return;
                }
                for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    JsonNode node = parser.readValueAsTree();
                    String problem = node != null && node.isObject() ? element.accept(node) : "not a JSON object";
                    if (problem != null) {
                        reject(ref + "[" + index + "]", problem, String.valueOf(node));
                    }
                    index++;
                }
            }
        } catch (JsonProcessingException e) {
            reject(ref + "[" + index + "]", "the index file could not be read further (" + e.getOriginalMessage()
                    + "); later elements are missing", null);
        } catch (IOException e) {
            reject(ref + "[" + index + "]", "the index file could not be read further (" + e.getMessage()
                    + "); later elements are missing", null);
        }
    }

    private void reject(String ref, String reason, String raw) {
        rejected.add(new RejectedRecord(SlackExportReader.SOURCE, connectorId, ref, ref + ": " + reason,
                SlackExportRecords.cap(raw)));
    }

    /** The user of an id, or {@code null} when no users file lists it. */
    SlackUser user(String id) {
        return id == null ? null : users.get(id);
    }

    /** The conversation whose day files are in this folder (its name, or its id), or {@code null}. */
    SlackConversation byFolder(String folder) {
        return byFolder.get(folder);
    }

    /** The listed conversations' folders, in index order: channels, groups, MPIMs, DMs, each in file order. */
    List<String> folders() {
        List<String> folders = new ArrayList<>();
        for (Map.Entry<String, SlackConversation> e : byFolder.entrySet()) {
            if (e.getKey().equals(e.getValue().folder())) {
                folders.add(e.getKey());
            }
        }
        return folders;
    }

    /** True when the export has at least one users or conversations index file. */
    boolean indexFound() {
        return indexFound;
    }

    /** Faults in the index files, as records to quarantine. */
    List<RejectedRecord> rejected() {
        return rejected;
    }
}
