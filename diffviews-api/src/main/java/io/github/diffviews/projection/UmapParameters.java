package io.github.diffviews.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The settings of a UMAP projection and of the preprocessing before it. Immutable; build one with
 * {@link #builder()} or read one from the {@code <stem>.json} file the Python tool writes beside
 * its embeddings.
 *
 * <p>The defaults are umap-learn's and the Python diffviews tool's: 15 neighbors (the row itself
 * counts as one of them), {@code min_dist} 0.1, spread 1, two components, Euclidean distance,
 * seed 42, an automatic number of epochs (500 up to 10,000 rows, 200 above), per-column
 * standardisation, then PCA to 50 components when the rows are wider than that.
 *
 * <p>In JSON the settings use umap-learn's and the tool's key names: {@code n_neighbors},
 * {@code min_dist}, {@code spread}, {@code n_components}, {@code metric}, {@code random_state},
 * {@code n_epochs}, {@code n_jobs}, {@code normalize} and {@code pca_components}. Other keys the
 * tool writes ({@code layers}, {@code model}, {@code adapter}, ...) are kept, unread, in
 * {@link #extras()} and written back unchanged.
 */
public final class UmapParameters {

    /** JSON key of {@link #neighbors()}. */
    public static final String KEY_NEIGHBORS = "n_neighbors";
    /** JSON key of {@link #minDist()}. */
    public static final String KEY_MIN_DIST = "min_dist";
    /** JSON key of {@link #spread()}. */
    public static final String KEY_SPREAD = "spread";
    /** JSON key of {@link #components()}. */
    public static final String KEY_COMPONENTS = "n_components";
    /** JSON key of {@link #metric()}. */
    public static final String KEY_METRIC = "metric";
    /** JSON key of {@link #seed()}. */
    public static final String KEY_SEED = "random_state";
    /** JSON key of {@link #epochs()}. */
    public static final String KEY_EPOCHS = "n_epochs";
    /** JSON key of {@link #threads()}. */
    public static final String KEY_THREADS = "n_jobs";
    /** JSON key of {@link #standardise()}, the tool's {@code normalize}. */
    public static final String KEY_STANDARDISE = "normalize";
    /** JSON key of {@link #pcaComponents()}. */
    public static final String KEY_PCA = "pca_components";

    /** Rows above which the automatic epoch count drops from 500 to 200, as in umap-learn. */
    public static final int LARGE_INPUT_ROWS = 10_000;

    private static final Set<String> KNOWN_KEYS = Set.of(KEY_NEIGHBORS, KEY_MIN_DIST,
            KEY_SPREAD, KEY_COMPONENTS, KEY_METRIC, KEY_SEED, KEY_EPOCHS, KEY_THREADS,
            KEY_STANDARDISE, KEY_PCA);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final UmapParameters DEFAULTS = new Builder().build();

    private final int neighbors;
    private final double minDist;
    private final double spread;
    private final int components;
    private final Metric metric;
    private final long seed;
    private final int epochs;
    private final int threads;
    private final boolean standardise;
    private final int pcaComponents;
    private final Map<String, Object> extras;

    private UmapParameters(Builder builder) {
        this.neighbors = builder.neighbors;
        this.minDist = builder.minDist;
        this.spread = builder.spread;
        this.components = builder.components;
        this.metric = builder.metric;
        this.seed = builder.seed;
        this.epochs = builder.epochs;
        this.threads = builder.threads;
        this.standardise = builder.standardise;
        this.pcaComponents = builder.pcaComponents;
        this.extras = Collections.unmodifiableMap(new LinkedHashMap<>(builder.extras));
    }

    /**
     * Returns the default parameters.
     *
     * @return the defaults described in the class documentation
     */
    public static UmapParameters defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder that starts from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from these parameters, extras included.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns the size of each row's neighborhood, the row itself included.
     *
     * @return {@code n_neighbors}, at least 2
     */
    public int neighbors() {
        return neighbors;
    }

    /**
     * Returns how tightly the embedding may pack points together.
     *
     * @return {@code min_dist}, between 0 and {@link #spread()}
     */
    public double minDist() {
        return minDist;
    }

    /**
     * Returns the scale of the embedded points, which with {@link #minDist()} sets the curve
     * parameters a and b.
     *
     * @return {@code spread}, positive
     */
    public double spread() {
        return spread;
    }

    /**
     * Returns the number of embedding dimensions.
     *
     * @return 2 or 3
     */
    public int components() {
        return components;
    }

    /**
     * Returns the distance between rows.
     *
     * @return the metric
     */
    public Metric metric() {
        return metric;
    }

    /**
     * Returns the seed every random choice of a fit or transform derives from.
     *
     * @return {@code random_state}
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns the requested number of optimisation epochs.
     *
     * @return {@code n_epochs}, or 0 for the automatic choice ({@link #epochsFor(int)})
     */
    public int epochs() {
        return epochs;
    }

    /**
     * Returns the requested number of worker threads. The result of a fit does not depend on it.
     *
     * @return the thread count, or 0 for one per available processor
     */
    public int threads() {
        return threads;
    }

    /**
     * Tells whether each column is standardised (zero mean, unit population variance) before
     * PCA and UMAP, like the tool's {@code normalize}.
     *
     * @return true to standardise
     */
    public boolean standardise() {
        return standardise;
    }

    /**
     * Returns the number of principal components the rows are reduced to before UMAP. The
     * reduction applies only when the rows are wider than this.
     *
     * @return the component count, or 0 when PCA is disabled
     */
    public int pcaComponents() {
        return pcaComponents;
    }

    /**
     * Returns the entries of the parameter file that are not UMAP settings ({@code layers},
     * {@code model}, ...), as plain Java values: strings, numbers, booleans, lists and maps.
     *
     * @return an unmodifiable map in file order
     */
    public Map<String, Object> extras() {
        return extras;
    }

    /**
     * Returns the number of epochs a fit on the given number of rows runs.
     *
     * @param rows the number of training rows
     * @return {@link #epochs()} when set, otherwise 500 up to 10,000 rows and 200 above
     */
    public int epochsFor(int rows) {
        if (epochs > 0) {
            return epochs;
        }
        return rows <= LARGE_INPUT_ROWS ? 500 : 200;
    }

    /**
     * Returns the number of worker threads to use.
     *
     * @return {@link #threads()} when set, otherwise the number of available processors
     */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Returns the parameters as an ordered map of JSON values: the settings under their JSON
     * keys, then the extras.
     *
     * @return a new modifiable map
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(KEY_NEIGHBORS, neighbors);
        map.put(KEY_MIN_DIST, minDist);
        map.put(KEY_SPREAD, spread);
        map.put(KEY_COMPONENTS, components);
        map.put(KEY_METRIC, metric.jsonName());
        map.put(KEY_SEED, seed);
        map.put(KEY_EPOCHS, epochs);
        map.put(KEY_THREADS, threads);
        map.put(KEY_STANDARDISE, standardise);
        map.put(KEY_PCA, pcaComponents);
        for (Map.Entry<String, Object> extra : extras.entrySet()) {
            map.putIfAbsent(extra.getKey(), extra.getValue());
        }
        return map;
    }

    /**
     * Returns the parameters as an indented JSON object.
     *
     * @return the JSON text
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Parameters cannot be written as JSON", e);
        }
    }

    /**
     * Reads parameters from a map of JSON values, as produced by {@link #toMap()} or by parsing
     * a parameter file. Missing settings take their defaults; unknown keys become extras.
     *
     * @param map the values
     * @return the parameters
     * @throws IllegalArgumentException if a setting has the wrong type or is out of range; the
     *     message names the key and the value
     */
    public static UmapParameters fromMap(Map<String, ?> map) {
        return fromJsonNode(JSON.valueToTree(map));
    }

    /**
     * Parses parameters from JSON text.
     *
     * @param json a JSON object
     * @return the parameters
     * @throws IllegalArgumentException if the text is not a JSON object or a setting is invalid
     */
    public static UmapParameters fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromJsonNode(node);
    }

    /**
     * Reads a parameter file, such as the Python tool's {@code embeddings/<stem>.json}.
     *
     * @param file the JSON file
     * @return the parameters
     * @throws DataFormatException if the file is missing, is not a JSON object or holds an invalid
     *     setting; the message names the file
     * @throws IOException if the file cannot be read
     */
    public static UmapParameters read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "file not found", e);
        }
        try {
            return fromJson(text);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, e.getMessage(), e);
        }
    }

    /**
     * Reads parameters from a parsed JSON object.
     *
     * @param node a JSON object
     * @return the parameters
     * @throws IllegalArgumentException if the node is not an object or a setting is invalid
     */
    static UmapParameters fromJsonNode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("UMAP parameters must be a JSON object, found "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(
                            Locale.ROOT)));
        }
        ObjectNode object = (ObjectNode) node;
        Builder builder = builder();

        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (!KNOWN_KEYS.contains(key)) {
                builder.extra(key, JSON.convertValue(value, Object.class));
                continue;
            }
            try {
                applySetting(builder, key, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + key + "': " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    private static void applySetting(Builder builder, String key, JsonNode value) {
        boolean absent = value == null || value.isNull();
        switch (key) {
            case KEY_NEIGHBORS:
                builder.neighbors(absent ? DEFAULTS.neighbors : integer(value));
                break;
            case KEY_MIN_DIST:
                builder.minDist(absent ? DEFAULTS.minDist : number(value));
                break;
            case KEY_SPREAD:
                builder.spread(absent ? DEFAULTS.spread : number(value));
                break;
            case KEY_COMPONENTS:
                builder.components(absent ? DEFAULTS.components : integer(value));
                break;
            case KEY_METRIC:
                builder.metric(absent ? DEFAULTS.metric : Metric.fromName(text(value)));
                break;
            case KEY_SEED:
                builder.seed(absent ? DEFAULTS.seed : longInteger(value));
                break;
            case KEY_EPOCHS:
                builder.epochs(absent ? 0 : integer(value));
                break;
            case KEY_THREADS:
                // umap-learn's n_jobs = -1 means "all processors", as 0 does here.
                int threads = absent ? 0 : integer(value);
                builder.threads(threads == -1 ? 0 : threads);
                break;
            case KEY_STANDARDISE:
                builder.standardise(absent ? DEFAULTS.standardise : bool(value));
                break;
            case KEY_PCA:
                builder.pcaComponents(absent ? 0 : pcaCount(value));
                break;
            default:
                throw new IllegalStateException("Unhandled key " + key);
        }
    }

    private static int pcaCount(JsonNode value) {
        if (value.isTextual()) {
            String word = value.asText().trim().toLowerCase(Locale.ROOT);
            if (word.equals("none") || word.equals("off") || word.equals("0")) {
                return 0;
            }
        }
        return integer(value);
    }

    private static double number(JsonNode value) {
        if (!value.isNumber()) {
            throw new IllegalArgumentException("expected a number, found " + value);
        }
        return value.doubleValue();
    }

    private static long longInteger(JsonNode value) {
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new IllegalArgumentException("expected a 64-bit integer, found " + value);
            }
            return value.longValue();
        }
        double number = number(value);
        if (number != Math.rint(number) || Math.abs(number) > 0x1p62) {
            throw new IllegalArgumentException("expected an integer, found " + value);
        }
        return (long) number;
    }

    private static int integer(JsonNode value) {
        long number = longInteger(value);
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected a 32-bit integer, found " + value);
        }
        return (int) number;
    }

    private static boolean bool(JsonNode value) {
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("expected true or false, found " + value);
        }
        return value.booleanValue();
    }

    private static String text(JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("expected a string, found " + value);
        }
        return value.asText();
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof UmapParameters)) {
            return false;
        }
        UmapParameters that = (UmapParameters) other;
        return neighbors == that.neighbors
                && Double.compare(minDist, that.minDist) == 0
                && Double.compare(spread, that.spread) == 0
                && components == that.components
                && metric == that.metric
                && seed == that.seed
                && epochs == that.epochs
                && threads == that.threads
                && standardise == that.standardise
                && pcaComponents == that.pcaComponents
                && extras.equals(that.extras);
    }

    @Override
    public int hashCode() {
        return Objects.hash(neighbors, minDist, spread, components, metric, seed, epochs, threads,
                standardise, pcaComponents, extras);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "UmapParameters[n_neighbors=%d, min_dist=%s, spread=%s, "
                + "n_components=%d, metric=%s, random_state=%d, n_epochs=%s, n_jobs=%s, "
                + "normalize=%s, pca_components=%s%s]", neighbors, minDist, spread, components,
                metric.jsonName(), seed, epochs == 0 ? "auto" : Integer.toString(epochs),
                threads == 0 ? "all" : Integer.toString(threads), standardise,
                pcaComponents == 0 ? "off" : Integer.toString(pcaComponents),
                extras.isEmpty() ? "" : ", extras=" + extras.keySet());
    }

    /**
     * Builds {@link UmapParameters}. Each setter checks its own value; {@link #build()} checks the
     * values against each other.
     */
    public static final class Builder {

        private int neighbors = 15;
        private double minDist = 0.1;
        private double spread = 1.0;
        private int components = 2;
        private Metric metric = Metric.EUCLIDEAN;
        private long seed = 42;
        private int epochs;
        private int threads;
        private boolean standardise = true;
        private int pcaComponents = 50;
        private final Map<String, Object> extras = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder(UmapParameters parameters) {
            this.neighbors = parameters.neighbors;
            this.minDist = parameters.minDist;
            this.spread = parameters.spread;
            this.components = parameters.components;
            this.metric = parameters.metric;
            this.seed = parameters.seed;
            this.epochs = parameters.epochs;
            this.threads = parameters.threads;
            this.standardise = parameters.standardise;
            this.pcaComponents = parameters.pcaComponents;
            this.extras.putAll(parameters.extras);
        }

        /**
         * Sets the neighborhood size, the row itself included.
         *
         * @param neighbors {@code n_neighbors}, from 2 to 10,000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder neighbors(int neighbors) {
            if (neighbors < 2 || neighbors > 10_000) {
                throw new IllegalArgumentException("n_neighbors must be between 2 and 10000, got "
                        + neighbors);
            }
            this.neighbors = neighbors;
            return this;
        }

        /**
         * Sets how tightly points may be packed.
         *
         * @param minDist {@code min_dist}, zero or more and at most the spread
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         */
        public Builder minDist(double minDist) {
            if (!(minDist >= 0) || Double.isInfinite(minDist)) {
                throw new IllegalArgumentException("min_dist must be a finite number >= 0, got "
                        + minDist);
            }
            this.minDist = minDist;
            return this;
        }

        /**
         * Sets the scale of the embedded points.
         *
         * @param spread {@code spread}, positive and finite
         * @return this builder
         * @throws IllegalArgumentException if not positive or not finite
         */
        public Builder spread(double spread) {
            if (!(spread > 0) || Double.isInfinite(spread)) {
                throw new IllegalArgumentException("spread must be a finite number > 0, got "
                        + spread);
            }
            this.spread = spread;
            return this;
        }

        /**
         * Sets the number of embedding dimensions.
         *
         * @param components 2 or 3
         * @return this builder
         * @throws IllegalArgumentException for any other value
         */
        public Builder components(int components) {
            if (components != 2 && components != 3) {
                throw new IllegalArgumentException("n_components must be 2 or 3, got "
                        + components);
            }
            this.components = components;
            return this;
        }

        /**
         * Sets the distance between rows.
         *
         * @param metric the metric
         * @return this builder
         */
        public Builder metric(Metric metric) {
            this.metric = Objects.requireNonNull(metric, "metric");
            return this;
        }

        /**
         * Sets the seed.
         *
         * @param seed {@code random_state}, any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the number of optimisation epochs.
         *
         * @param epochs 0 for the automatic choice, otherwise from 1 to 100,000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder epochs(int epochs) {
            if (epochs < 0 || epochs > 100_000) {
                throw new IllegalArgumentException("n_epochs must be 0 (automatic) or between 1 "
                        + "and 100000, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the number of worker threads; results do not depend on it.
         *
         * @param threads 0 for one per processor, otherwise a positive count
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("n_jobs must be 0 (all processors) or "
                        + "positive, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Sets whether each column is standardised before PCA and UMAP.
         *
         * @param standardise the tool's {@code normalize}
         * @return this builder
         */
        public Builder standardise(boolean standardise) {
            this.standardise = standardise;
            return this;
        }

        /**
         * Sets the number of principal components to reduce wider rows to.
         *
         * @param pcaComponents 0 to disable PCA, otherwise from 1 to 10,000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder pcaComponents(int pcaComponents) {
            if (pcaComponents < 0 || pcaComponents > 10_000) {
                throw new IllegalArgumentException("pca_components must be 0 (off) or between 1 "
                        + "and 10000, got " + pcaComponents);
            }
            this.pcaComponents = pcaComponents;
            return this;
        }

        /**
         * Adds or replaces an entry that is not a UMAP setting, kept and written back unchanged.
         *
         * @param key the JSON key; must not be one of the setting keys
         * @param value a JSON-compatible value (string, number, boolean, list, map or null)
         * @return this builder
         * @throws IllegalArgumentException if the key names a UMAP setting
         */
        public Builder extra(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (KNOWN_KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' is a UMAP setting; use its "
                        + "builder method instead of extra()");
            }
            extras.put(key, value);
            return this;
        }

        /**
         * Removes an extra entry.
         *
         * @param key the JSON key
         * @return this builder
         */
        public Builder removeExtra(String key) {
            extras.remove(key);
            return this;
        }

        /**
         * Builds the parameters.
         *
         * @return the immutable parameters
         * @throws IllegalArgumentException if {@code min_dist} exceeds {@code spread}
         */
        public UmapParameters build() {
            if (minDist > spread) {
                throw new IllegalArgumentException("min_dist (" + minDist
                        + ") must not exceed spread (" + spread + ")");
            }
            return new UmapParameters(this);
        }
    }
}
