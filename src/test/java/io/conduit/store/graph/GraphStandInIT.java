package io.conduit.store.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.conduit.test.GraphStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The schema check of {@link GraphStandIn} is real: bodies off the published Graph v1.0 schema (excerpt of
 * microsoftgraph/msgraph-metadata schemas/v1.0-Prod.csdl, MIT) are refused with 400 as Graph refuses them, a body on
 * it is accepted. Calls as in https://learn.microsoft.com/en-us/graph/api/user-post-messages and
 * https://learn.microsoft.com/en-us/graph/api/attachment-createuploadsession.
 */
class GraphStandInIT {

    private GraphStandIn standIn;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        standIn = GraphStandIn.start();
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(standIn.graphBase() + "/users/a%40example.com" + path))
                .header("Authorization", "Bearer token-1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refuses_bodies_off_the_published_schema_and_accepts_one_on_it() throws Exception {
        String folder = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(post("/mailFolders", "{\"displayName\":\"Archive\"}").body()).path("id").asText();
        String messages = "/mailFolders/" + folder + "/messages";

        HttpResponse<String> unknown = post(messages, "{\"subject\":\"s\",\"messageClass\":\"IPM.Note\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("Property 'messageClass' does not exist on type 'microsoft.graph.message'");

        assertThat(post(messages, "{\"subject\":5}").statusCode()).as("subject is Edm.String").isEqualTo(400);
        assertThat(post(messages, "{\"toRecipients\":{\"emailAddress\":{\"address\":\"a@b\"}}}").statusCode())
                .as("toRecipients is a collection").isEqualTo(400);
        assertThat(post(messages, "{\"from\":{\"emailAddress\":{\"adress\":\"a@b\"}}}").body())
                .contains("Property 'adress' does not exist on type 'microsoft.graph.emailAddress'");
        assertThat(post(messages, "{\"body\":{\"contentType\":\"markdown\",\"content\":\"x\"}}").statusCode())
                .as("bodyType enum").isEqualTo(400);
        assertThat(post(messages, "{\"sentDateTime\":\"yesterday\"}").statusCode()).as("DateTimeOffset").isEqualTo(400);
        assertThat(post(messages, "{\"attachments\":[{\"name\":\"a.txt\",\"contentBytes\":\"aGk=\"}]}").body())
                .as("attachment is abstract").contains("abstract");
        assertThat(post(messages, "{\"attachments\":[{\"@odata.type\":\"#microsoft.graph.message\",\"name\":\"a\"}]}").body())
                .as("@odata.type must derive from attachment").contains("@odata.type");
        assertThat(post(messages, "{\"singleValueExtendedProperties\":[{\"id\":\"Integer 0x0E07\",\"value\":1}]}").statusCode())
                .as("extended property values are strings").isEqualTo(400);
        assertThat(standIn.messages()).isEmpty();
        assertThat(standIn.schemaErrors()).hasSize(9);

        HttpResponse<String> good = post(messages, "{\"subject\":\"s\",\"body\":{\"contentType\":\"text\",\"content\":\"x\"},"
                + "\"from\":{\"emailAddress\":{\"address\":\"a@example.com\",\"name\":\"A\"}},"
                + "\"toRecipients\":[{\"emailAddress\":{\"address\":\"b@example.com\"}}],\"isRead\":true,"
                + "\"sentDateTime\":\"2026-01-01T10:00:00Z\",\"internetMessageId\":\"<1@x>\","
                + "\"internetMessageHeaders\":[{\"name\":\"X-Conduit-Source\",\"value\":\"WhatsApp\"}],"
                + "\"singleValueExtendedProperties\":[{\"id\":\"String 0x001A\",\"value\":\"IPM.NOTE.WhatsApp.Message\"}],"
                + "\"attachments\":[{\"@odata.type\":\"#microsoft.graph.fileAttachment\",\"name\":\"a.txt\","
                + "\"contentType\":\"text/plain\",\"contentBytes\":\"aGk=\"}]}");
        assertThat(good.statusCode()).as(good.body()).isEqualTo(201);
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(good.body()).path("id").asText();

        assertThat(post("/messages/" + id + "/attachments/createUploadSession",
                "{\"AttachmentItem\":{\"attachmentType\":\"file\",\"name\":\"big.bin\",\"size\":\"many\"}}").statusCode())
                .as("attachmentItem.size is Edm.Int64").isEqualTo(400);
        HttpResponse<String> session = post("/messages/" + id + "/attachments/createUploadSession",
                "{\"AttachmentItem\":{\"attachmentType\":\"file\",\"name\":\"big.bin\",\"size\":4000000,\"contentType\":\"application/octet-stream\"}}");
        assertThat(session.statusCode()).as(session.body()).isEqualTo(201);
        assertThat(session.body()).contains("\"uploadUrl\"").contains("\"nextExpectedRanges\"");
    }
}
