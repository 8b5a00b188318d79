package io.github.diffviews.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.generation.NoiseLevels;
import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's {@code config.json}, read with both generations of keys the Python tool used.
 *
 * <p>The older keys give the default noise range as σ ({@code sigma_max}, {@code sigma_min});
 * the newer ones as noise levels 0-100 ({@code noise_max}, {@code noise_min}). Whichever is
 * present is read; when both are, the noise levels win, as they did in the newer tool. Every
 * other key, including the {@code network} section that describes the architecture, is kept
 * and written back unchanged.
 */
public final class ModelConfig {

    /** Adapter name used when {@code config.json} names none. */
    public static final String DEFAULT_ADAPTER = "dmd2-imagenet-64";

    /** Dataset sub-directory used when {@code config.json} names none. */
    public static final String DEFAULT_DATASET_TYPE = "imagenet_real";

    private final ObjectNode json;

    private ModelConfig(ObjectNode json) {
        this.json = json;
    }

    /**
     * Reads and validates a {@code config.json} file.
     *
     * @param file the file
     * @return the configuration
     * @throws DataFormatException if the file is missing, malformed, or holds a value of the
     *     wrong type or out of range
     * @throws IOException if it cannot be read
     */
    public static ModelConfig read(Path file) throws IOException {
        ModelConfig config = new ModelConfig(Json.readObject(file));
        try {
            config.validate();
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, e.getMessage(), e);
        }
        return config;
    }

    /**
     * Wraps a JSON object as a configuration.
     *
     * @param json the object; it is copied
     * @return the configuration
     * @throws IllegalArgumentException if a value has the wrong type or is out of range
     */
    public static ModelConfig of(ObjectNode json) {
        ModelConfig config = new ModelConfig(json.deepCopy());
        config.validate();
        return config;
    }

    /**
     * Starts a new configuration.
     *
     * @return a builder with no keys set
     */
    public static Builder builder() {
        return new Builder();
    }

    private void validate() {
        for (String key : List.of("sigma_max", "sigma_min", "noise_max", "noise_min",
                "default_guidance")) {
            if (json.has(key) && !json.get(key).isNumber()) {
                throw new IllegalArgumentException("'" + key + "' must be a number, found "
                        + json.get(key));
            }
        }
        for (String key : List.of("default_steps", "default_mask_steps")) {
            if (json.has(key) && !json.get(key).canConvertToInt()) {
                throw new IllegalArgumentException("'" + key + "' must be a whole number, found "
                        + json.get(key));
            }
        }
        for (String key : List.of("adapter", "checkpoint", "weights", "dataset_type",
                "conditioning_type")) {
            if (json.has(key) && !json.get(key).isTextual() && !json.get(key).isNull()) {
                throw new IllegalArgumentException("'" + key + "' must be a string, found "
                        + json.get(key));
            }
        }
        if (json.has("network") && !json.get("network").isObject()) {
            throw new IllegalArgumentException("'network' must be an object");
        }

        double max = defaultSigmaMax();
        double min = defaultSigmaMin();
        if (!(min > 0) || !(max > min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the default noise range must satisfy 0 < σ_min < σ_max, found σ_min = %s, "
                            + "σ_max = %s", min, max));
        }
        if (defaultSteps() < 1) {
            throw new IllegalArgumentException("'default_steps' must be at least 1, found "
                    + defaultSteps());
        }
        String type = datasetType();
        if (type.isEmpty() || type.contains("/") || type.contains("\\") || type.equals("..")
                || type.equals(".")) {
            throw new IllegalArgumentException("'dataset_type' must be a plain directory name, "
                    + "found '" + type + "'");
        }
    }

    /**
     * Returns the adapter (model family) name, for example {@code dmd2-imagenet-64}.
     *
     * @return the adapter name
     */
    public String adapter() {
        return text("adapter").orElse(DEFAULT_ADAPTER);
    }

    /**
     * Returns the checkpoint path as written (a pickle in the Python tool's directories).
     *
     * @return the path text, if any
     */
    public Optional<String> checkpoint() {
        return text("checkpoint");
    }

    /**
     * Returns the path of the safetensors weights as written, this library's addition.
     *
     * @return the path text, if any
     */
    public Optional<String> weights() {
        return text("weights");
    }

    /**
     * Returns the name of the dataset sub-directory under {@code activations/},
     * {@code metadata/} and {@code images/}.
     *
     * @return the dataset type, {@code imagenet_real} by default
     */
    public String datasetType() {
        return text("dataset_type").orElse(DEFAULT_DATASET_TYPE);
    }

    /**
     * Returns how the model is conditioned: {@code class} (the default) or {@code text}.
     *
     * @return the conditioning type
     */
    public String conditioningType() {
        return text("conditioning_type").orElse("class");
    }

    /**
     * Returns the default number of sampling steps.
     *
     * @return {@code default_steps}, or the adapter's default (50 for EDM, otherwise 5)
     */
    public int defaultSteps() {
        if (json.has("default_steps")) {
            return json.get("default_steps").asInt();
        }
        return adapter().startsWith("edm") ? 50 : 5;
    }

    /**
     * Returns the default number of steps masks hold for.
     *
     * @return {@code default_mask_steps}, 1 by default as in the original command line
     */
    public int defaultMaskSteps() {
        return json.has("default_mask_steps") ? json.get("default_mask_steps").asInt() : 1;
    }

    /**
     * Returns the default classifier-free guidance scale.
     *
     * @return {@code default_guidance}, else 7.5 for text-conditioned models and 1.0 otherwise
     */
    public double defaultGuidance() {
        if (json.has("default_guidance")) {
            return json.get("default_guidance").asDouble();
        }
        return conditioningType().equals("text") ? 7.5 : 1.0;
    }

    /**
     * Returns the default largest σ of the noise range.
     *
     * @return σ from {@code noise_max}, else {@code sigma_max}, else 80
     */
    public double defaultSigmaMax() {
        if (json.has("noise_max")) {
            return NoiseLevels.toSigma(json.get("noise_max").asDouble());
        }
        return json.has("sigma_max") ? json.get("sigma_max").asDouble() : NoiseLevels.SIGMA_MAX;
    }

    /**
     * Returns the default smallest σ of the noise range.
     *
     * @return σ from {@code noise_min}, else {@code sigma_min}, else the σ of noise level 0.5
     *     (the newer tool's default)
     */
    public double defaultSigmaMin() {
        if (json.has("noise_min")) {
            return NoiseLevels.toSigma(json.get("noise_min").asDouble());
        }
        return json.has("sigma_min") ? json.get("sigma_min").asDouble()
                : NoiseLevels.toSigma(0.5);
    }

    /**
     * Returns the network architecture section, this library's addition, in the upstream
     * constructor names ({@code precond_kwargs}, {@code model_kwargs}).
     *
     * @return the section, if present
     */
    public Optional<ObjectNode> network() {
        JsonNode network = json.get("network");
        return network == null ? Optional.empty() : Optional.of(network.deepCopy());
    }

    /**
     * Returns a copy of the whole document, unknown keys included.
     *
     * @return the JSON object
     */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /**
     * Resolves a path written in the configuration the way the Python tool did: relative to the
     * model directory, then the data root, then the working directory; the first that exists
     * wins.
     *
     * @param written the path as written
     * @param modelDirectory the model's directory
     * @param root the data root
     * @return the existing file, if any
     */
    public static Optional<Path> resolve(String written, Path modelDirectory, Path root) {
        Objects.requireNonNull(written, "written");
        Path path = Path.of(written);
        if (path.isAbsolute()) {
            return Files.exists(path) ? Optional.of(path) : Optional.empty();
        }
        for (Path base : new Path[] {modelDirectory, root, Path.of("")}) {
            Path candidate = base.resolve(path).normalize();
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Writes the configuration as {@code config.json}.
     *
     * @param file the target file, replaced atomically
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        Json.write(file, json);
    }

    private Optional<String> text(String key) {
        JsonNode node = json.get(key);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelConfig that && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "ModelConfig" + json;
    }

    /** Builds a configuration key by key, in the newer tool's vocabulary. */
    public static final class Builder {

        private final ObjectNode json = Json.MAPPER.createObjectNode();

        private Builder() {
        }

        /**
         * Sets the adapter name.
         *
         * @param adapter for example {@code dmd2-imagenet-64}
         * @return this builder
         */
        public Builder adapter(String adapter) {
            json.put("adapter", adapter);
            return this;
        }

        /**
         * Sets the safetensors weights path, relative to the model directory.
         *
         * @param weights the path
         * @return this builder
         */
        public Builder weights(String weights) {
            json.put("weights", weights);
            return this;
        }

        /**
         * Sets the dataset sub-directory name.
         *
         * @param datasetType for example {@code imagenet_real}
         * @return this builder
         */
        public Builder datasetType(String datasetType) {
            json.put("dataset_type", datasetType);
            return this;
        }

        /**
         * Sets the default number of steps.
         *
         * @param steps at least 1
         * @return this builder
         */
        public Builder defaultSteps(int steps) {
            json.put("default_steps", steps);
            return this;
        }

        /**
         * Sets the default noise range as noise levels; σ equivalents are written too, for the
         * older tool.
         *
         * @param noiseMax the largest noise level, 0-100
         * @param noiseMin the smallest noise level, 0-100
         * @return this builder
         */
        public Builder noiseRange(double noiseMax, double noiseMin) {
            json.put("noise_max", noiseMax);
            json.put("noise_min", noiseMin);
            json.put("sigma_max", NoiseLevels.toSigma(noiseMax));
            json.put("sigma_min", NoiseLevels.toSigma(noiseMin));
            return this;
        }

        /**
         * Sets the default guidance scale.
         *
         * @param guidance the scale, 1 for no guidance
         * @return this builder
         */
        public Builder defaultGuidance(double guidance) {
            json.put("default_guidance", guidance);
            return this;
        }

        /**
         * Sets the conditioning type.
         *
         * @param type {@code class} or {@code text}
         * @return this builder
         */
        public Builder conditioningType(String type) {
            json.put("conditioning_type", type);
            return this;
        }

        /**
         * Sets the network architecture section.
         *
         * @param network the section, in upstream constructor names
         * @return this builder
         */
        public Builder network(ObjectNode network) {
            json.set("network", network.deepCopy());
            return this;
        }

        /**
         * Sets any other key.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder set(String key, JsonNode value) {
            json.set(key, value.deepCopy());
            return this;
        }

        /**
         * Validates and returns the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if a value is out of range
         */
        public ModelConfig build() {
            return ModelConfig.of(json);
        }
    }
}
