package io.conduit.source.sms;

import io.conduit.model.Text;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceSettings;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * Opens an SMS Backup &amp; Restore (SyncTech) XML backup as a stream of records: a messages file
 * ({@code <smses>} with {@code <sms>} and {@code <mms>} elements interleaved) or a call log ({@code <calls>} with
 * {@code <call>} elements), following the app's "Fields in the XML backup files" description.
 *
 * <p>Items: one per record, in file order. {@code <sms>}: {@code IPM.NOTE.SMS.Message}; {@code <mms>}:
 * {@code IPM.NOTE.MMS.Message}, text parts as the body, base64 media as attachments; {@code <call>}:
 * {@code IPM.NOTE.Phone.Call}, the call type and duration (seconds) written in the body. Times are {@code date}
 * (epoch milliseconds, UTC); {@code readable_date} is ignored. The literal {@code "null"} is an absent value. The
 * backup does not say whose phone it is: the configured owner ({@link SourceSettings#owner()}, E.164) is the
 * recipient of received messages and the sender of sent ones ({@code type} 2 and the other outgoing types, MMS
 * {@code msg_box} 2, call {@code type} 2). Drafts, outbox, failed and queued messages, and unknown types, are kept
 * with their status written in the body. Conversation id: the counterparts' E.164 numbers (or handles), sorted and
 * joined with {@code ,}; direct with one, group with several. Item ids hash the record's content (kind, date, type,
 * conversation, text or media digests, and an ordinal among identical records), so a re-import, or a later backup
 * of the same phone, gives the same ids. {@code sourceRef} is {@code file:line}; {@code sourceSha256} hashes the
 * record's canonical text ({@link RecordText}).
 *
 * <p>Streaming: StAX (Woodstox) with DTDs and external entities off reads one record at a time, after
 * {@link SurrogateReferences} has repaired the app's emoji references. A part's base64
 * {@code data} is decoded from the parser's buffer into a temporary file ({@link MediaSpill}), never into a
 * {@code String}; a part may hold at most {@link #MAX_ATTRIBUTE_CHARS} characters (default about 24 MB of media), so the heap
 * a part costs is bounded by twice that (the parser's buffer). The temporary files are deleted two records later and
 * when the records are closed.
 */
public final class SmsBackupReader {

    /** System property that sets {@link #MAX_ATTRIBUTE_CHARS}. */
    public static final String MAX_ATTRIBUTE_CHARS_PROPERTY = "conduit.sms.max-part-chars";

    /**
     * Longest attribute value parsed, in chars: system property {@value #MAX_ATTRIBUTE_CHARS_PROPERTY}, default 32 Mi
     * (about 24 MB of media in one part's base64, costing about 64 MB of heap while it is read). A longer value is a
     * parse error that ends the file with a rejected record (the parser cannot resume after it); raise it together
     * with the heap for backups with larger media.
     */
    public static final int MAX_ATTRIBUTE_CHARS = Integer.getInteger(MAX_ATTRIBUTE_CHARS_PROPERTY, 32 << 20);

    private static final XMLInputFactory FACTORY = factory();

    private SmsBackupReader() {
    }

    /**
     * Opens a backup file.
     *
     * @param file     the XML file ({@code sms-*.xml} or {@code calls-*.xml}), UTF-8 as the app writes it (a byte-order
     *                 mark is skipped, invalid bytes become U+FFFD); emoji written as surrogate references are
     *                 repaired first ({@link SurrogateReferences})
     * @param settings connector id, owner (a phone number, E.164 after normalisation; {@code null} when unknown: the
     *                 owner then appears as handle {@code device-owner}) and phone region ({@code zone} is not used:
     *                 times are epoch ms)
     * @return the records, to iterate and then close; the caller owns them
     * @throws MalformedExportException naming the file when it is not a regular file, cannot be read, is not XML, or
     *                                  its root element is neither {@code smses} nor {@code calls}
     */
    public static SmsBackupRecords open(Path file, SourceSettings settings) throws MalformedExportException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new MalformedExportException(name + ": not a regular file (absent, a folder or a symbolic link)");
        }
        BufferedInputStream in = null;
        XMLStreamReader2 xml = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
            in.mark(3);
            byte[] bom = in.readNBytes(3);
            if (bom.length < 3 || (bom[0] & 0xff) != 0xEF || (bom[1] & 0xff) != 0xBB || (bom[2] & 0xff) != 0xBF) {
                in.reset();
            }
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
            SurrogateReferences repaired = new SurrogateReferences(new InputStreamReader(in, utf8));
            xml = (XMLStreamReader2) FACTORY.createXMLStreamReader(repaired);
            while (xml.hasNext() && xml.next() != XMLStreamConstants.START_ELEMENT) {
                // prolog: declaration, comments, processing instructions (the app's xml-stylesheet), a DOCTYPE unread
            }
            if (!xml.isStartElement()) {
                throw new MalformedExportException(name + ": not an SMS Backup & Restore file (no root element)");
            }
            String root = xml.getLocalName();
            if (!root.equals("smses") && !root.equals("calls")) {
                throw new MalformedExportException(name + ": not an SMS Backup & Restore file (root element <"
                        + escape(root) + ">, expected <smses> or <calls>)");
            }
            return new SmsBackupRecords(xml, in, name, new SmsItems(settings), settings.connectorId(), repaired);
        } catch (XMLStreamException e) {
            closeQuietly(xml, in);
            throw new MalformedExportException(name + ": not XML (" + escape(e.getMessage()) + ")", e);
        } catch (IOException e) {
            closeQuietly(xml, in);
            throw new MalformedExportException(name + ": cannot be read (" + escape(e.getMessage()) + ")", e);
        } catch (MalformedExportException | RuntimeException e) {
            closeQuietly(xml, in);
            throw e;
        }
    }

    /** Third-party text for a reason or log line: control characters removed, at most 200 chars. */
    static String escape(String s) {
        String clean = Text.clean(s == null ? "null" : s);
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    private static XMLInputFactory factory() {
        WstxInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, MAX_ATTRIBUTE_CHARS);
        return f;
    }

    private static void closeQuietly(XMLStreamReader2 xml, InputStream in) {
        try {
            if (xml != null) {
                xml.close();
            }
            if (in != null) {
                in.close();
            }
        } catch (XMLStreamException | IOException ignored) {
            // already failing with a better reason
        }
    }
}
