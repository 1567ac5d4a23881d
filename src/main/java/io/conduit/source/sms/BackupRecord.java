package io.conduit.source.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One record of a backup as read: the element ({@code sms}, {@code mms} or {@code call}), its attributes with the
 * literal {@code "null"} left out (the app writes it for absent values), and for an MMS its parts and addresses.
 *
 * @param element    element name
 * @param attributes attribute values by name, absent ones left out
 * @param parts      an MMS's {@code <part>}s in document order (empty for others)
 * @param addrs      an MMS's {@code <addr>}s in document order, each with {@code address} and {@code type}
 * @param ref        {@code file:line} of the record's start tag
 * @param text       the record's canonical text (digest and raw text)
 */
record BackupRecord(String element, Map<String, String> attributes, List<Part> parts, List<Map<String, String>> addrs,
        String ref, RecordText text) {

    BackupRecord(String element, Map<String, String> attributes, String ref, RecordText text) {
        this(element, attributes, new ArrayList<>(), new ArrayList<>(), ref, text);
    }

    /** An attribute's value, or {@code null} when absent or {@code "null"}. */
    String get(String name) {
        return attributes.get(name);
    }

    /**
     * One MMS part.
     *
     * @param attributes its attributes but {@code data}, absent ones left out
     * @param media      the decoded {@code data} in a temporary file, or {@code null} when the part has none
     * @param size       decoded size in bytes (0 without media)
     * @param sha256     SHA-256 of the decoded bytes, or {@code null} without media
     */
    record Part(Map<String, String> attributes, MediaFile media, long size, String sha256) {
    }
}
