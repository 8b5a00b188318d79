package io.github.diffviews;

import io.github.diffviews.data.ModelDirectory;
import io.github.diffviews.data.NonFiniteCheck;
import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: a catalogue of the models in a data directory.
 *
 * <pre>{@code
 * Visualizer visualizer = Visualizer.open(Path.of("data"));
 * ModelData model = visualizer.model(visualizer.defaultModel());
 * List<Neighbor> neighbors = model.mapNeighbors(0, 5);
 * }</pre>
 *
 * <p>The data directory is either one model directory (holding {@code config.json} and
 * {@code embeddings/*.csv}) or a root holding one such sub-directory per model. Models are
 * listed in name order. The default model is the one asked for, else {@code dmd2} when present,
 * else the first. Every model is read and checked when the visualizer opens (unless
 * {@link Builder#lazy(boolean) lazy} is set), so a broken directory fails at once with a message
 * naming the file. A visualizer is immutable and safe to share between threads.
 */
public final class Visualizer implements AutoCloseable {

    /** The model preferred as default when none is asked for, as in the Python tool. */
    public static final String PREFERRED_DEFAULT = "dmd2";

    private static final Logger LOG = LoggerFactory.getLogger(Visualizer.class);

    private final Path root;
    private final Map<String, Path> directories;
    private final Map<String, ModelSlot> slots;
    private final String defaultModel;

    private Visualizer(Path root, Map<String, Path> directories, String defaultModel,
            Builder options) {
        this.root = root;
        this.directories = Collections.unmodifiableMap(directories);
        Map<String, ModelSlot> loaded = new LinkedHashMap<>();
        directories.forEach((name, directory) ->
                loaded.put(name, new ModelSlot(directory, root, options)));
        this.slots = Collections.unmodifiableMap(loaded);
        this.defaultModel = defaultModel;
    }

    /**
     * Opens a data directory with the default options.
     *
     * @param dataDirectory a model directory, or a root of model directories
     * @return the visualizer
     * @throws IOException if no model is found, or a model's files are missing, malformed or
     *     inconsistent (the message names the file)
     */
    public static Visualizer open(Path dataDirectory) throws IOException {
        return builder(dataDirectory).open();
    }

    /**
     * Starts configuring how a data directory is opened.
     *
     * @param dataDirectory a model directory, or a root of model directories
     * @return the builder
     */
    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /**
     * Returns the data root.
     *
     * @return the absolute directory opened
     */
    public Path root() {
        return root;
    }

    /**
     * Returns the names of the models, sorted.
     *
     * @return the model names
     */
    public List<String> models() {
        return List.copyOf(directories.keySet());
    }

    /**
     * Tells whether a model exists.
     *
     * @param name the model name
     * @return true if the data directory holds it
     */
    public boolean hasModel(String name) {
        return directories.containsKey(name);
    }

    /**
     * Returns the name of the default model.
     *
     * @return the default model's name
     */
    public String defaultModel() {
        return defaultModel;
    }

    /**
     * Returns a model's data, reading it first if the visualizer is lazy.
     *
     * @param name the model name
     * @return the model
     * @throws IllegalArgumentException if there is no such model (the message lists them)
     * @throws UncheckedIOException if a lazily read model turns out to be broken
     */
    public ModelData model(String name) {
        ModelSlot slot = slots.get(name);
        if (slot == null) {
            throw new IllegalArgumentException("Unknown model '" + name + "'; models in "
                    + root + ": " + String.join(", ", directories.keySet()));
        }
        return slot.get();
    }

    /**
     * Returns the default model's data.
     *
     * @return the default model
     */
    public ModelData defaultModelData() {
        return model(defaultModel);
    }

    /**
     * Closes the denoisers the models opened, freeing their native memory. The data stays
     * readable.
     */
    @Override
    public void close() {
        for (ModelSlot slot : slots.values()) {
            ModelData model = slot.model;
            if (model != null) {
                model.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Visualizer[" + root + ", models " + directories.keySet() + ", default "
                + defaultModel + "]";
    }

    private static Map<String, Path> discover(Path root) throws IOException {
        Map<String, Path> models = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root, Files.exists(root) ? "not a directory"
                    : "no such directory");
        }
        if (Files.isRegularFile(root.resolve(ModelDirectory.CONFIG_FILE))) {
            if (!ModelDirectory.isModel(root)) {
                throw new DataFormatException(root.resolve(ModelDirectory.EMBEDDINGS_DIR),
                        "the model directory has config.json but no embeddings CSV");
            }
            models.put(root.getFileName().toString(), root);
            return models;
        }

        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory)
                    .filter(child -> !child.getFileName().toString().startsWith("."))
                    .sorted().forEach(candidates::add);
        }
        for (Path candidate : candidates) {
            if (ModelDirectory.isModel(candidate)) {
                models.put(candidate.getFileName().toString(), candidate);
            } else if (Files.isRegularFile(candidate.resolve(ModelDirectory.CONFIG_FILE))) {
                LOG.warn("Skipping {}: it has config.json but no embeddings/*.csv", candidate);
            } else {
                LOG.debug("Skipping {}: not a model directory", candidate);
            }
        }
        if (models.isEmpty()) {
            throw new DataFormatException(root, "no model found: expected config.json and "
                    + "embeddings/*.csv in the directory itself or in its sub-directories");
        }
        return models;
    }

    /** Holds one model, read at open or on first use. */
    private static final class ModelSlot {

        private final Path directory;
        private final Path root;
        private final Builder options;
        private volatile ModelData model;

        ModelSlot(Path directory, Path root, Builder options) {
            this.directory = directory;
            this.root = root;
            this.options = options;
        }

        ModelData get() {
            ModelData current = model;
            if (current == null) {
                synchronized (this) {
                    current = model;
                    if (current == null) {
                        try {
                            current = read();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e.getMessage(), e);
                        }
                        model = current;
                    }
                }
            }
            return current;
        }

        ModelData read() throws IOException {
            ModelData data = new ModelData(ModelDirectory.read(directory, root,
                    options.embeddings, options.nonFiniteCheck));
            LOG.info("Opened model '{}': {} samples, {}", data.name(), data.size(),
                    data.activations().map(a -> a.width() + " activation values each")
                            .orElse("no activations"));
            return data;
        }
    }

    /** Options for opening a data directory. */
    public static final class Builder {

        private final Path dataDirectory;
        private String defaultModel;
        private String embeddings;
        private NonFiniteCheck nonFiniteCheck = NonFiniteCheck.AUTO;
        private boolean lazy;

        private Builder(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        }

        /**
         * Chooses the default model.
         *
         * @param name a model name, or null for the automatic choice
         * @return this builder
         */
        public Builder defaultModel(String name) {
            this.defaultModel = name;
            return this;
        }

        /**
         * Chooses which embeddings CSV to read in every model, by stem.
         *
         * @param stem for example {@code demo_embeddings}; null for the automatic choice
         * @return this builder
         */
        public Builder embeddings(String stem) {
            this.embeddings = stem == null ? null : ModelDirectory.checkStem(stem);
            return this;
        }

        /**
         * Chooses what to do about NaN and infinite activations.
         *
         * @param check the policy; {@link NonFiniteCheck#AUTO} by default
         * @return this builder
         */
        public Builder nonFiniteCheck(NonFiniteCheck check) {
            this.nonFiniteCheck = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * Defers reading each model until it is first asked for.
         *
         * @param lazy true to read models on first use; false (the default) reads all at open
         * @return this builder
         */
        public Builder lazy(boolean lazy) {
            this.lazy = lazy;
            return this;
        }

        /**
         * Discovers the models and, unless lazy, reads and checks them all.
         *
         * @return the visualizer
         * @throws IOException if no model is found or a model is broken
         */
        public Visualizer open() throws IOException {
            Path root = dataDirectory.toAbsolutePath().normalize();
            Map<String, Path> models = discover(root);

            String chosen;
            if (defaultModel != null) {
                if (!models.containsKey(defaultModel)) {
                    throw new IllegalArgumentException("Unknown model '" + defaultModel
                            + "'; models in " + root + ": " + String.join(", ", models.keySet()));
                }
                chosen = defaultModel;
            } else {
                chosen = models.containsKey(PREFERRED_DEFAULT) ? PREFERRED_DEFAULT
                        : models.keySet().iterator().next();
            }

            Builder options = copy();
            Visualizer visualizer = new Visualizer(root, models, chosen, options);
            if (!lazy) {
                for (String name : models.keySet()) {
                    try {
                        visualizer.model(name);
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
                    }
                }
            }
            return visualizer;
        }

        private Builder copy() {
            Builder copy = new Builder(dataDirectory);
            copy.defaultModel = defaultModel;
            copy.embeddings = embeddings;
            copy.nonFiniteCheck = nonFiniteCheck;
            copy.lazy = lazy;
            return copy;
        }
    }
}
