package io.conduit.source.sms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

import io.conduit.model.RejectedRecord;
import io.conduit.model.UnreadRest;
import io.conduit.source.support.QueuedSourceRecords;
import org.codehaus.stax2.XMLStreamReader2;
import org.codehaus.stax2.typed.TypedXMLStreamException;

/**
 * The records of one SMS Backup &amp; Restore file, read lazily one record ({@code <sms>}, {@code <mms>} with its
 * parts, {@code <call>}) at a time: each element is an {@link io.conduit.model.ArchiveItem} or a
 * {@link RejectedRecord} whose reason starts with {@code file:line}, in file order. An element of another name is
 * rejected; XML that stops being well-formed ends the file with one rejected record saying where. Not thread-safe.
 *
 * <p>MMS media is decoded into temporary files ({@code conduit-sms-*.part} in {@code java.io.tmpdir}). The
 * {@code export-input} splitter archives each item before it reads beyond the next record, so a record's files are
 * deleted once two more records have been read; the last records' files when their items are no longer referenced
 * ({@link MediaFile}) or at exit.
 */
public final class SmsBackupRecords extends QueuedSourceRecords {

    /** Records whose media files are kept: the one being archived and the one read ahead. */
    private static final int KEEP_MEDIA_OF_RECORDS = 2;

    private final XMLStreamReader2 xml;
    private final InputStream in;
    private final String fileName;
    private final SmsItems items;
    private final String connectorId;
    private final ArrayDeque<List<Path>> media = new ArrayDeque<>();
    private BackupRecord current;
    private final SurrogateReferences repaired;

    SmsBackupRecords(XMLStreamReader2 xml, InputStream in, String fileName, SmsItems items, String connectorId,
                     SurrogateReferences repaired) {
        this.repaired = repaired;
        this.xml = xml;
        this.in = in;
        this.fileName = fileName;
        this.items = items;
        this.connectorId = connectorId;
    }

    @Override
    protected void step() {
        while (media.size() > KEEP_MEDIA_OF_RECORDS) {
            delete(media.pollFirst());
        }
        current = null;
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
                    finish();
                    return;
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    long firstLine = xml.getLocation().getLineNumber();
                    Object record = record();
                    String repairs = repaired.repairs(firstLine, xml.getLocation().getLineNumber());
                    if (repairs != null && record instanceof io.conduit.model.ArchiveItem item) {
                        record = item.withNote("[Conduit repaired this record before reading it: " + repairs + "]");
                    }
                    media.addLast(current == null ? List.of() : mediaOf(current));
                    emit(record);
                    return;
                }
            }
            finish();
        } catch (XMLStreamException | UncheckedIOException e) {
            String ref = current != null ? current.ref() : fileName + ":" + xml.getLocation().getLineNumber();
            if (current != null) {
                delete(mediaOf(current));
            }
            emit(new UnreadRest(SmsItems.SMS, connectorId, ref, ref + ": the file could not be read further ("
                    + SmsBackupReader.escape(e.getMessage()) + "); no record from this one on was read"));
            finish();
        }
    }

    /** Reads the record at the current start tag up to its end tag. */
    private Object record() throws XMLStreamException {
        String element = xml.getLocalName();
        String ref = fileName + ":" + xml.getLocation().getLineNumber();
        RecordText text = new RecordText();
        current = new BackupRecord(element, attributes(text, element, null), ref, text);
        switch (element) {
            case "sms" -> {
                skipChildren(text);
                return items.sms(current);
            }
            case "call" -> {
                skipChildren(text);
                return items.call(current);
            }
            case "mms" -> {
                String problem = mmsChildren(current);
                if (problem != null) {
                    delete(mediaOf(current));
                    return items.reject(SmsItems.MMS, current, problem);
                }
                return items.mms(current);
            }
            default -> {
                skipChildren(text);
                return items.reject(SmsItems.SMS, current, "unknown record <" + SmsBackupReader.escape(element)
                        + "> (expected sms, mms or call)");
            }
        }
    }

    /**
     * Reads an MMS's {@code <part>}s (media spilled to temporary files) and {@code <addr>}s up to {@code </mms>}.
     *
     * @return why the MMS cannot be archived (a part's data is not base64), or {@code null}
     */
    private String mmsChildren(BackupRecord mms) throws XMLStreamException {
        String problem = null;
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = xml.getLocalName();
                if (name.equals("part")) {
                    BackupRecord.Part part = part(mms.text());
                    if (part == null) {
                        problem = problem != null ? problem : "part " + mms.parts().size() + " (line "
                                + xml.getLocation().getLineNumber() + "): data is not base64";
                    } else {
                        mms.parts().add(part);
                    }
                } else if (name.equals("addr")) {
                    mms.addrs().add(attributes(mms.text(), name, null));
                } else {
                    attributes(mms.text(), name, null);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                mms.text().end(xml.getLocalName());
            }
        }
        return problem;
    }

    /** A part, its {@code data} decoded into a temporary file; {@code null} when the data is not base64. */
    private BackupRecord.Part part(RecordText text) throws XMLStreamException {
        int[] data = {-1};
        Map<String, String> attributes = attributes(text, "part", data);
        if (data[0] < 0) {
            return new BackupRecord.Part(attributes, null, 0, null);
        }
        MediaFile file;
        try {
            file = MediaFile.create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MediaSpill spill = new MediaSpill(file.path(), text);
        try {
            xml.getAttributeAs(data[0], spill);
        } catch (TypedXMLStreamException notBase64) {
            MediaFile.delete(file.path());
            return null;
        } catch (XMLStreamException | RuntimeException e) {
            MediaFile.delete(file.path());
            throw e;
        }
        text.streamedAttribute("data", spill.chars());
        return new BackupRecord.Part(attributes, file, spill.size(), spill.sha256());
    }

    /**
     * The current element's attributes, recorded in the record's text; {@code "null"} values are left out of the map.
     *
     * @param data when not {@code null}, receives the index of a {@code data} attribute, which is not read here
     */
    private Map<String, String> attributes(RecordText text, String element, int[] data) {
        text.start(element);
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String name = xml.getAttributeLocalName(i);
            if (data != null && name.equals("data")) {
                data[0] = i;
                continue;
            }
            String value = xml.getAttributeValue(i);
            text.attribute(name, value);
            if (!value.equals("null")) {
                out.putIfAbsent(name, value);
            }
        }
        text.endStart();
        return out;
    }

    /** Skips an element's content up to its end tag (the records' text keeps start and end tags only). */
    private void skipChildren(RecordText text) throws XMLStreamException {
        String name = xml.getLocalName();
        xml.skipElement();
        text.end(name);
    }

    /** The media files kept for the records read last (oldest first), for tests. */
    List<Path> mediaFiles() {
        return media.stream().flatMap(List::stream).toList();
    }

    private static List<Path> mediaOf(BackupRecord r) {
        List<Path> files = new ArrayList<>();
        for (BackupRecord.Part p : r.parts()) {
            if (p.media() != null) {
                files.add(p.media().path());
            }
        }
        return files;
    }

    private static void delete(List<Path> files) {
        files.forEach(MediaFile::delete);
    }

    /**
     * Closes the parser and the file. Media files of the last records stay until their items are unreachable, or the
     * JVM exits: the {@code export-input} splitter closes the records when it learns there is no next one, before it
     * archives the last item.
     */
    @Override
    public void close() throws IOException {
        finish();
        while (!media.isEmpty()) {
            media.pollFirst().forEach(f -> f.toFile().deleteOnExit());
        }
        try {
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException(fileName + ": " + e.getMessage(), e);
        } finally {
            in.close();
        }
    }
}
