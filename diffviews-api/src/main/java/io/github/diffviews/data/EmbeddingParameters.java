package io.github.diffviews.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters saved beside an embeddings CSV ({@code embeddings/<stem>.json}): the UMAP
 * settings of the map and, above all, the {@code layers} whose activations it was computed from.
 * Every key is kept; the projection backends read the UMAP settings from {@link #json()}.
 */
public final class EmbeddingParameters {

    /** The layers assumed when the parameters name none, as in the Python tool. */
    public static final List<String> DEFAULT_LAYERS = List.of("encoder_bottleneck", "midblock");

    private final ObjectNode json;
    private final boolean present;

    private EmbeddingParameters(ObjectNode json, boolean present) {
        this.json = json;
        this.present = present;
    }

    /**
     * Reads a parameter file.
     *
     * @param file the {@code <stem>.json} file
     * @return the parameters
     * @throws DataFormatException if the file is malformed or {@code layers} is not a list of
     *     names
     * @throws IOException if it cannot be read
     */
    public static EmbeddingParameters read(Path file) throws IOException {
        ObjectNode json = Json.readObject(file);
        JsonNode layers = json.get("layers");
        if (layers != null && !(layers.isArray() && allText((ArrayNode) layers))) {
            throw new DataFormatException(file, "'layers' must be a list of layer names, found "
                    + layers);
        }
        return new EmbeddingParameters(json, true);
    }

    /**
     * Returns the parameters of a map whose file is missing: the default layers, nothing else.
     *
     * @return empty parameters
     */
    public static EmbeddingParameters absent() {
        return new EmbeddingParameters(Json.MAPPER.createObjectNode(), false);
    }

    /**
     * Wraps a JSON object.
     *
     * @param json the parameters; copied
     * @return the parameters
     */
    public static EmbeddingParameters of(ObjectNode json) {
        return new EmbeddingParameters(json.deepCopy(), true);
    }

    private static boolean allText(ArrayNode array) {
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether a parameter file was found.
     *
     * @return false when the defaults stand in for a missing file
     */
    public boolean present() {
        return present;
    }

    /**
     * Returns the layers the map was computed from.
     *
     * @return {@code layers}, or {@link #DEFAULT_LAYERS} when absent
     */
    public List<String> layers() {
        JsonNode layers = json.get("layers");
        if (layers == null || layers.isEmpty()) {
            return DEFAULT_LAYERS;
        }
        List<String> names = new ArrayList<>();
        layers.forEach(layer -> names.add(layer.asText()));
        return List.copyOf(names);
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
     * Writes the parameters.
     *
     * @param file the target file, replaced atomically
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        Json.write(file, json);
    }

    @Override
    public String toString() {
        return "EmbeddingParameters" + json;
    }
}
