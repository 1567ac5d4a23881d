package io.conduit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is the generated reference, and every key constant of {@link ConduitOptions} has a
 * typed definition.
 */
class ConfigurationReferenceTest {

    static final Path REFERENCE = Path.of("docs/configuration.md");

    @Test
    void docs_configuration_is_the_generated_reference() throws Exception {
        String generated = ConfigurationReference.markdown();
        if (Boolean.getBoolean("conduit.write-docs")) {
            Files.writeString(REFERENCE, generated);
        }
        assertThat(REFERENCE).as("regenerate with: mvn test -Dtest=ConfigurationReferenceTest -Dconduit.write-docs=true")
                .hasContent(generated);
    }

    @Test
    void every_key_constant_is_defined() throws Exception {
        for (Field f : ConduitOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String key = (String) f.get(null);
                assertThat(ConduitOptions.definition(key)).as(f.getName() + " = " + key).isNotNull();
                assertThat(ConduitOptions.definition(key).description()).as(key).isNotBlank();
            }
        }
    }
}
