package io.github.diffviews.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.JsonErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes the JSON documents of a data directory with one shared mapper. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /**
     * Reads a JSON object.
     *
     * @throws DataFormatException if the file is missing, is not JSON, or is not an object
     */
    static ObjectNode readObject(Path file) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "file not found", e);
        } catch (JsonProcessingException e) {
            throw new DataFormatException(file, "not valid JSON: " + JsonErrors.describe(e),
                    e);
        }
        if (node == null || !node.isObject()) {
            throw new DataFormatException(file, "expected a JSON object, found "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(
                            java.util.Locale.ROOT)));
        }
        return (ObjectNode) node;
    }

    static void write(Path file, JsonNode node) throws IOException {
        AtomicFiles.write(file, out -> {
            MAPPER.writeValue(new NonClosingStream(out), node);
            out.write('\n');
        });
    }

    /** Keeps Jackson from closing the stream the atomic writer still needs. */
    private static final class NonClosingStream extends java.io.FilterOutputStream {

        NonClosingStream(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
