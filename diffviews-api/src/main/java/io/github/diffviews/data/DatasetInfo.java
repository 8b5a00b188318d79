package io.github.diffviews.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A dataset's {@code metadata/<dataset_type>/dataset_info.json}: the per-sample metadata the
 * extraction wrote ({@code samples}), the layer shapes and counts. Every key is kept.
 */
public final class DatasetInfo {

    private final ObjectNode json;

    private DatasetInfo(ObjectNode json) {
        this.json = json;
    }

    /**
     * Reads the file.
     *
     * @param file the {@code dataset_info.json} file
     * @return the dataset information
     * @throws DataFormatException if the file is malformed or {@code samples} is not a list
     * @throws IOException if it cannot be read
     */
    public static DatasetInfo read(Path file) throws IOException {
        ObjectNode json = Json.readObject(file);
        JsonNode samples = json.get("samples");
        if (samples != null && !samples.isArray()) {
            throw new DataFormatException(file, "'samples' must be a list, found "
                    + samples.getNodeType());
        }
        return new DatasetInfo(json);
    }

    /**
     * Wraps a JSON object.
     *
     * @param json the document; copied
     * @return the dataset information
     */
    public static DatasetInfo of(ObjectNode json) {
        return new DatasetInfo(json.deepCopy());
    }

    /**
     * Returns the number of samples the file describes.
     *
     * @return the length of {@code samples}, else {@code num_samples}, if either is present
     */
    public OptionalInt sampleCount() {
        JsonNode samples = json.get("samples");
        if (samples != null && samples.isArray()) {
            return OptionalInt.of(samples.size());
        }
        JsonNode count = json.get("num_samples");
        return count != null && count.canConvertToInt() ? OptionalInt.of(count.asInt())
                : OptionalInt.empty();
    }

    /**
     * Returns a copy of the whole document.
     *
     * @return the JSON object
     */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /**
     * Writes the file.
     *
     * @param file the target file, replaced atomically
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        Json.write(file, json);
    }
}
