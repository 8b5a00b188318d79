package io.github.diffviews.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonErrorsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String describe(String text) {
        JsonProcessingException error = assertThrows(JsonProcessingException.class,
                () -> MAPPER.readTree(text));
        return JsonErrors.describe(error);
    }

    @Test
    void describe_unclosedObject_saysWhereWithoutJacksonInternals() {
        String message = describe("{\"layers\": [\"a\"");

        assertFalse(message.contains("Source"), message);
        assertFalse(message.contains("REDACTED"), message);
        assertFalse(message.contains("StreamReadFeature"), message);
        assertTrue(message.contains("Unexpected end-of-input"), message);
        assertTrue(message.matches(".* at line 1, column \\d+"), message);
    }

    @Test
    void describe_tooDeeplyNested_namesNoConstraintClass() {
        String message = describe("[".repeat(1500) + "]".repeat(1500));

        assertFalse(message.contains("StreamReadConstraints"), message);
        assertTrue(message.startsWith("Document nesting depth (1001) exceeds the maximum allowed "
                + "(1000"), message);
    }

    @Test
    void describe_badToken_keepsTheParsersWords() {
        assertEquals("Unexpected character ('}' (code 125)): expected a value at line 1, "
                + "column 11", describe("{\"a\": [1, }"));
    }
}
