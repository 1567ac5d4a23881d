package io.conduit.state.transcript;

import io.conduit.state.transcript.JdbcTranscriptStore;
import io.conduit.state.transcript.TranscriptStore;
import io.conduit.test.TestSchema;
import org.junit.jupiter.api.AfterEach;

/** {@link JdbcTranscriptStore} in a fresh schema of the machine's PostgreSQL. */
class JdbcTranscriptStoreIT extends TranscriptStoreContract {

    private TestSchema schema;

    @Override
    TranscriptStore store() throws Exception {
        schema = TestSchema.create("conduit_transcripts_");
        return new JdbcTranscriptStore(schema.dataSource());
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) {
            schema.close();
        }
    }
}
