package io.github.diffviews.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Class names by class id, in the ImageNet class-index format: a JSON object mapping each id (as
 * a string) to {@code [synset, name]}, for example {@code {"0": ["n01440764", "tench"]}}.
 *
 * <p>{@link #find(Path, Path)} looks for a label file in the order the Python tool did, after
 * this library's own per-model file: {@code <model>/class_labels.json},
 * {@code <root>/imagenet_standard_class_index.json}, {@code <root>/imagenet_class_labels.json},
 * and finally the ImageNet-1k index bundled with the library.
 */
public final class ClassLabels {

    /** The per-model label file this library writes. */
    public static final String MODEL_FILE = "class_labels.json";

    private static final String[] ROOT_FILES = {
        "imagenet_standard_class_index.json", "imagenet_class_labels.json"};
    private static final String BUNDLED = "imagenet_standard_class_index.json";

    private static volatile ClassLabels imagenet;

    private final Map<Integer, String> names;
    private final Map<Integer, String> synsets;
    private final String source;

    private ClassLabels(Map<Integer, String> names, Map<Integer, String> synsets, String source) {
        this.names = Collections.unmodifiableMap(new TreeMap<>(names));
        this.synsets = Collections.unmodifiableMap(new TreeMap<>(synsets));
        this.source = source;
    }

    /**
     * Creates labels from names by id, without synsets.
     *
     * @param names the class names by id
     * @param source where they came from, for messages
     * @return the labels
     */
    public static ClassLabels of(Map<Integer, String> names, String source) {
        return new ClassLabels(names, Map.of(), source);
    }

    /**
     * Reads a label file in the ImageNet class-index format.
     *
     * @param file the JSON file
     * @return the labels
     * @throws DataFormatException if the file is malformed, naming the bad entry
     * @throws IOException if it cannot be read
     */
    public static ClassLabels read(Path file) throws IOException {
        try {
            return parse(Json.readObject(file), file.toString());
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, e.getMessage(), e);
        }
    }

    /**
     * Returns the ImageNet-1k class index bundled with the library.
     *
     * @return the 1000 ImageNet classes in standard (synset) order
     */
    public static ClassLabels imagenet() {
        ClassLabels labels = imagenet;
        if (labels == null) {
            try (InputStream in = ClassLabels.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("The bundled " + BUNDLED + " is missing");
                }
                labels = parse((ObjectNode) Json.MAPPER.readTree(in), "bundled " + BUNDLED);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            imagenet = labels;
        }
        return labels;
    }

    /**
     * Finds the labels of a model, in the search order described above.
     *
     * @param modelDirectory the model's directory
     * @param root the data root (the same as the model directory for a single-model directory)
     * @return the labels found first
     * @throws IOException if a label file exists but cannot be read or is malformed
     */
    public static ClassLabels find(Path modelDirectory, Path root) throws IOException {
        Path own = modelDirectory.resolve(MODEL_FILE);
        if (Files.isRegularFile(own)) {
            return read(own);
        }
        for (String name : ROOT_FILES) {
            Path candidate = root.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return read(candidate);
            }
        }
        return imagenet();
    }

    private static ClassLabels parse(ObjectNode json, String source) {
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, String> synsets = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            int id;
            try {
                id = Integer.parseInt(entry.getKey().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("class id '" + entry.getKey()
                        + "' is not a whole number");
            }
            JsonNode value = entry.getValue();
            if (value.isArray() && value.size() == 2 && value.get(1).isTextual()) {
                synsets.put(id, value.get(0).asText());
                names.put(id, value.get(1).asText());
            } else if (value.isTextual()) {
                names.put(id, value.asText());
            } else {
                throw new IllegalArgumentException("class " + id
                        + " must map to [synset, name] or a name, found " + value);
            }
        }
        return new ClassLabels(names, synsets, source);
    }

    /**
     * Returns the name of a class.
     *
     * @param classId the class id
     * @return its name, or {@code "Unknown class <id>"}
     */
    public String name(int classId) {
        String name = names.get(classId);
        return name != null ? name : "Unknown class " + classId;
    }

    /**
     * Returns the synset of a class, when the file records one.
     *
     * @param classId the class id
     * @return the synset id, for example {@code n01440764}
     */
    public Optional<String> synset(int classId) {
        return Optional.ofNullable(synsets.get(classId));
    }

    /**
     * Returns every name by id, sorted by id.
     *
     * @return the names
     */
    public Map<Integer, String> names() {
        return names;
    }

    /**
     * Returns where the labels came from.
     *
     * @return a file name or {@code bundled ...}
     */
    public String source() {
        return source;
    }

    /**
     * Writes the labels in the ImageNet class-index format.
     *
     * @param file the target file, replaced atomically
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        ObjectNode json = Json.MAPPER.createObjectNode();
        for (Map.Entry<Integer, String> entry : names.entrySet()) {
            ArrayNode pair = json.putArray(Integer.toString(entry.getKey()));
            pair.add(synsets.getOrDefault(entry.getKey(), ""));
            pair.add(entry.getValue());
        }
        Json.write(file, json);
    }

    @Override
    public String toString() {
        return "ClassLabels[" + names.size() + " classes from " + source + "]";
    }
}
