package io.conduit.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Opens an {@code .rsmf} file the way Relativity's "Creating an RSMF file" describes it and validates its manifest
 * against Relativity's published RSMF 2.0 JSON schema (test resource {@code rsmf_schema_2_0_0.json}, from
 * relativitydev/rsmf-validator-samples at commit c717cd32, see its NOTICE.txt), plus the references the schema cannot
 * check (participants, conversations, parents and attachment files must exist).
 */
public final class RsmfFiles {

    private static final Schema SCHEMA;

    static {
        try (InputStream in = RsmfFiles.class.getResourceAsStream("/io/conduit/export/rsmf/rsmf_schema_2_0_0.json")) {
            SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the RSMF schema", e);
        }
    }

    /**
     * An opened RSMF file.
     *
     * @param message  the RFC 5322 message
     * @param firstHeaderLine its first header line
     * @param manifest {@code rsmf_manifest.json}
     * @param entries  every entry of {@code rsmf.zip} by name
     * @param errors   schema and reference errors; empty when valid
     */
    public record Rsmf(MimeMessage message, String firstHeaderLine, JsonNode manifest, Map<String, byte[]> entries,
                       List<String> errors) {
    }

    private RsmfFiles() {
    }

    public static Rsmf open(Path file) throws Exception {
        byte[] raw = Files.readAllBytes(file);
        MimeMessage message;
        try (InputStream in = Files.newInputStream(file)) {
            message = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        MimeMultipart mixed = (MimeMultipart) message.getContent();
        Part zipPart = null;
        int attachments = 0;
        for (int i = 0; i < mixed.getCount(); i++) {
            Part p = mixed.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
                attachments++;
                zipPart = p;
            }
        }
        assertThat(attachments).as("exactly one attachment").isEqualTo(1);
        assertThat(zipPart.getFileName()).isEqualTo("rsmf.zip");
        assertThat(((jakarta.mail.internet.MimeBodyPart) zipPart).getEncoding()).isEqualTo("base64");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(zipPart.getInputStream())) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                zip.transferTo(bytes);
                entries.put(e.getName(), bytes.toByteArray());
            }
        }
        String json = new String(entries.get("rsmf_manifest.json"), StandardCharsets.UTF_8);
        List<String> errors = new java.util.ArrayList<>(SCHEMA.validate(json, InputFormat.JSON).stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList());
        JsonNode manifest = new ObjectMapper().readTree(json);
        Set<String> participants = ids(manifest.path("participants"));
        Set<String> conversations = ids(manifest.path("conversations"));
        Set<String> events = ids(manifest.path("events"));
        for (JsonNode c : manifest.path("conversations")) {
            c.path("participants").forEach(p -> check(errors, participants, p.asText(), "conversation participant"));
        }
        for (JsonNode e : manifest.path("events")) {
            check(errors, participants, e.path("participant").asText(), "event participant");
            check(errors, conversations, e.path("conversation").asText(), "event conversation");
            if (e.has("parent")) {
                check(errors, events, e.path("parent").asText(), "event parent");
            }
            e.path("attachments").forEach(a -> check(errors, entries.keySet(), a.path("id").asText(), "attachment file"));
        }
        String head = new String(raw, 0, Math.min(raw.length, 200), StandardCharsets.US_ASCII);
        return new Rsmf(message, head.substring(0, head.indexOf("\r\n")), manifest, entries, errors);
    }

    private static Set<String> ids(JsonNode array) {
        Set<String> ids = new HashSet<>();
        array.forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    private static void check(List<String> errors, Set<String> known, String id, String what) {
        if (!known.contains(id)) {
            errors.add(what + " '" + id + "' is not defined in the file");
        }
    }
}
