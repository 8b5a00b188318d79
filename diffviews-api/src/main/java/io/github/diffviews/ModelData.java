package io.github.diffviews;

import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.data.Activations;
import io.github.diffviews.data.ClassLabels;
import io.github.diffviews.data.DatasetInfo;
import io.github.diffviews.data.EmbeddingParameters;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.data.ModelDirectory;
import io.github.diffviews.data.SampleTable;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.generation.ActivationMasker;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.neighbors.ExactNeighborIndex;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.neighbors.NeighborIndex;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.projection.ProjectionFormat;
import io.github.diffviews.projection.Projections;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.tensor.FloatMatrix;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything known about one model: its configuration, samples, map coordinates, activations
 * with their layer layout, class names, and neighbor search over the map and over activations.
 *
 * <p>A {@code ModelData} never changes after it is opened and is safe to share between threads
 * and sessions; per-user state lives in {@link io.github.diffviews.session.ExplorationState}.
 * Indexes are built on first use and then shared.
 */
public final class ModelData implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelData.class);

    private final ModelDirectory files;
    private final ConcurrentMap<List<String>, NeighborIndex> activationIndexes =
            new ConcurrentHashMap<>();
    private volatile NeighborIndex mapIndex;
    private volatile List<ClassCount> classes;
    private final ConcurrentMap<EngineOptions, Denoiser> denoisers = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final Object projectionLock = new Object();
    private volatile Projection projection;

    ModelData(ModelDirectory files) {
        this.files = Objects.requireNonNull(files, "files");
    }

    /**
     * Opens a single model directory directly, without a {@link Visualizer}.
     *
     * @param directory the model directory (holding {@code config.json})
     * @return the model
     * @throws IOException if the directory is not a readable model
     */
    public static ModelData open(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        return new ModelData(ModelDirectory.read(absolute, absolute, null,
                io.github.diffviews.data.NonFiniteCheck.AUTO));
    }

    /**
     * Returns the model's name: its directory's name.
     *
     * @return the name
     */
    public String name() {
        return files.name();
    }

    /**
     * Returns the model's directory.
     *
     * @return the absolute directory
     */
    public Path directory() {
        return files.directory();
    }

    /**
     * Returns the files the model was read from, checked.
     *
     * @return the model directory's contents
     */
    public ModelDirectory files() {
        return files;
    }

    /**
     * Returns the model's configuration.
     *
     * @return the parsed {@code config.json}
     */
    public ModelConfig config() {
        return files.config();
    }

    /**
     * Returns the samples.
     *
     * @return the sample table; its row index is the sample identity
     */
    public SampleTable samples() {
        return files.samples();
    }

    /**
     * Returns the number of samples.
     *
     * @return the row count
     */
    public int size() {
        return files.samples().size();
    }

    /**
     * Returns the parameters the map was computed with, including its layers.
     *
     * @return the embedding parameters
     */
    public EmbeddingParameters embeddingParameters() {
        return files.parameters();
    }

    /**
     * Returns the dataset metadata.
     *
     * @return the parsed {@code dataset_info.json}, if present
     */
    public Optional<DatasetInfo> datasetInfo() {
        return files.datasetInfo();
    }

    /**
     * Returns the map coordinates.
     *
     * @return an {@code N x 2} or {@code N x 3} matrix, if the CSV has coordinates
     */
    public Optional<FloatMatrix> coordinates() {
        return files.samples().coordinates();
    }

    /**
     * Returns the number of map dimensions.
     *
     * @return 2 or 3, or 0 when the model has no map
     */
    public int mapDimensions() {
        return coordinates().map(FloatMatrix::columns).orElse(0);
    }

    /**
     * Returns the activation matrix with its layer layout.
     *
     * @return the activations, if the model has any
     */
    public Optional<Activations> activations() {
        return files.activations();
    }

    /**
     * Returns the class names.
     *
     * @return the class labels found for this model
     */
    public ClassLabels classLabels() {
        return files.classLabels();
    }

    /**
     * Returns a sample's class name: the CSV's {@code class_name} when present, else the label
     * file's name for its class id.
     *
     * @param sample the row index
     * @return the name, {@code "Unknown class <id>"} when unknown
     */
    public String className(int sample) {
        return samples().className(sample)
                .orElseGet(() -> classLabels().name(samples().classId(sample)));
    }

    /**
     * Returns the name of a class id, preferring the names written in the CSV.
     *
     * @param classId the class id
     * @return the name
     */
    public String classNameOf(int classId) {
        for (ClassCount entry : classes()) {
            if (entry.classId() == classId) {
                return entry.name();
            }
        }
        return classLabels().name(classId);
    }

    /**
     * Returns the classes present among the samples, sorted by id, with their sample counts.
     *
     * @return the classes; empty when the samples carry no class ids
     */
    public List<ClassCount> classes() {
        List<ClassCount> known = classes;
        if (known == null) {
            known = countClasses();
            classes = known;
        }
        return known;
    }

    private List<ClassCount> countClasses() {
        Map<Integer, int[]> counts = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        SampleTable samples = samples();
        for (int row = 0; row < samples.size(); row++) {
            int classId = samples.classId(row);
            if (classId < 0 && !samples.hasClassLabels()) {
                continue;
            }
            counts.computeIfAbsent(classId, id -> new int[1])[0]++;
            names.putIfAbsent(classId, className(row));
        }
        List<ClassCount> classes = new ArrayList<>();
        counts.forEach((id, count) -> classes.add(new ClassCount(id, names.get(id), count[0])));
        return List.copyOf(classes);
    }

    /**
     * Returns the samples of one class.
     *
     * @param classId the class id
     * @return their row indices, ascending
     */
    public int[] samplesOfClass(int classId) {
        SampleTable samples = samples();
        return java.util.stream.IntStream.range(0, samples.size())
                .filter(row -> samples.classId(row) == classId).toArray();
    }

    /**
     * Returns the neighbor index over the map coordinates (all 2 or 3 dimensions).
     *
     * @return the index
     * @throws IllegalStateException if the model has no map coordinates
     */
    public NeighborIndex mapIndex() {
        NeighborIndex index = mapIndex;
        if (index == null) {
            FloatMatrix coordinates = coordinates().orElseThrow(() -> new IllegalStateException(
                    "Model '" + name() + "' has no map coordinates (umap_x, umap_y) in "
                            + files.embeddingsFile()));
            index = ExactNeighborIndex.of(coordinates);
            mapIndex = index;
        }
        return index;
    }

    /**
     * Returns the {@code k} samples nearest to a sample on the map, as the Python tool did.
     *
     * @param sample the query's row index
     * @param k how many neighbors
     * @return the neighbors, nearest first, excluding the sample
     */
    public List<Neighbor> mapNeighbors(int sample, int k) {
        return mapIndex().nearest(sample, k);
    }

    /**
     * Returns the neighbor index over activations, restricted to some layers.
     *
     * @param layers the layers to compare; empty means every column
     * @return the index
     * @throws IllegalStateException if the model has no activations, or has no layer layout and
     *     layers were requested
     * @throws io.github.diffviews.data.UnknownLayerException if a layer is not recorded
     */
    public NeighborIndex activationIndex(List<String> layers) {
        List<String> key = List.copyOf(layers);
        return activationIndexes.computeIfAbsent(key, this::buildActivationIndex);
    }

    private NeighborIndex buildActivationIndex(List<String> layers) {
        Activations activations = activations().orElseThrow(() -> new IllegalStateException(
                "Model '" + name() + "' has no activations under "
                        + directory().resolve("activations").resolve(config().datasetType())));
        if (layers.isEmpty()) {
            return ExactNeighborIndex.of(activations.matrix());
        }
        ActivationLayout layout = activations.layout().orElseThrow(() ->
                new IllegalStateException("The activations of model '" + name()
                        + "' do not record their layers (no .npy.json sidecar), so layers "
                        + layers + " cannot be selected"));
        return ExactNeighborIndex.of(activations.matrix(), layout.select(layers));
    }

    /**
     * Returns the {@code k} samples nearest to a sample in activation space (exact Euclidean
     * over all recorded layers).
     *
     * @param sample the query's row index
     * @param k how many neighbors
     * @return the neighbors, nearest first, excluding the sample
     */
    public List<Neighbor> activationNeighbors(int sample, int k) {
        return activationIndex(List.of()).nearest(sample, k);
    }

    /**
     * Returns the {@code k} samples nearest to a sample in the activations of some layers.
     *
     * @param sample the query's row index
     * @param k how many neighbors
     * @param layers the layers to compare
     * @return the neighbors, nearest first, excluding the sample
     */
    public List<Neighbor> activationNeighbors(int sample, int k, List<String> layers) {
        return activationIndex(layers).nearest(sample, k);
    }

    /**
     * Returns where this model's projection is saved: the directory {@code <stem>.projection}
     * beside the embeddings CSV {@code <stem>.csv}, in the format {@link Projection#save} writes.
     *
     * @return the directory, which may not exist
     */
    public Path projectionDirectory() {
        Path csv = files.embeddingsFile();
        String name = csv.getFileName().toString();
        String stem = name.substring(0, name.length() - ".csv".length());
        return csv.resolveSibling(stem + ".projection");
    }

    /**
     * Returns the projection that places new activation rows (the map's layers, flattened in
     * sorted order) on this model's map. It is loaded from {@link #projectionDirectory()} when a
     * projection is saved there; otherwise it is rebuilt, without refitting, from the activations
     * of the map's layers, the map coordinates and the parameters beside the CSV (see
     * {@link io.github.diffviews.projection.ProjectionBackend#rebuild}). Either happens once, on
     * first use; the projection is then shared by every caller and thread. Nothing is written to
     * the data directory.
     *
     * @return the projection
     * @throws IOException if a saved projection cannot be read
     * @throws IllegalStateException if there is no saved projection and the model lacks the
     *     activations or coordinates to rebuild one, or its activations do not record the map's
     *     layers
     * @throws IllegalArgumentException if the parameters beside the CSV hold an invalid setting
     * @throws io.github.diffviews.spi.BackendException if no projection backend is on the class
     *     path
     */
    public Projection projection() throws IOException {
        return projection(null);
    }

    /**
     * Returns the projection as {@link #projection()} does, rebuilding it, when no projection is
     * saved, with a given backend instead of the default one. The first call decides; later
     * calls return the same projection whatever backend they name.
     *
     * @param backend the backend to rebuild with, or null for {@link Projections#backend()}
     * @return the projection
     * @throws IOException if a saved projection cannot be read
     * @throws IllegalStateException if there is no saved projection and the model lacks the
     *     activations or coordinates to rebuild one, or its activations do not record the map's
     *     layers
     * @throws IllegalArgumentException if the parameters beside the CSV hold an invalid setting
     * @throws io.github.diffviews.spi.BackendException if no backend is given and none is on
     *     the class path
     */
    public Projection projection(ProjectionBackend backend) throws IOException {
        Projection current = projection;
        if (current == null) {
            synchronized (projectionLock) {
                current = projection;
                if (current == null) {
                    current = loadOrRebuildProjection(backend);
                    projection = current;
                }
            }
        }
        return current;
    }

    private Projection loadOrRebuildProjection(ProjectionBackend backend) throws IOException {
        Path saved = projectionDirectory();
        if (Files.isRegularFile(saved.resolve(ProjectionFormat.DESCRIPTOR_FILE))) {
            LOG.debug("Loading the projection of model '{}' from {}", name(), saved);
            return Projections.load(saved);
        }
        FloatMatrix coordinates = coordinates().orElseThrow(() -> new IllegalStateException(
                "Model '" + name() + "' has no map coordinates to project onto"));
        Activations activations = activations().orElseThrow(() -> new IllegalStateException(
                "Model '" + name() + "' has no saved projection (" + saved + ") and no "
                        + "activations to rebuild one from"));
        FloatMatrix rows;
        try {
            rows = activations.layout().isEmpty() ? activations.matrix()
                    : activations.select(embeddingParameters().layers()).matrix();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The activations of model '" + name()
                    + "' do not hold the map's layers " + new TreeSet<>(
                            embeddingParameters().layers()) + ": " + e.getMessage(), e);
        }
        UmapParameters parameters = UmapParameters.fromJson(embeddingParameters().json()
                .toString());
        long started = System.nanoTime();
        ProjectionBackend builder = backend != null ? backend : Projections.backend();
        Projection rebuilt = builder.rebuild(rows, coordinates, parameters);
        LOG.info("Rebuilt the projection of model '{}' from {} activation rows in {} ms",
                name(), rows.rows(), (System.nanoTime() - started) / 1_000_000);
        return rebuilt;
    }

    /**
     * Returns the image file of a sample, resolved inside the model directory.
     *
     * @param sample the row index
     * @return the file, if the sample names one
     */
    public Optional<Path> imageFile(int sample) {
        return samples().imagePath(sample).map(path -> directory().resolve(path).normalize());
    }

    /**
     * Reads a sample's image. Images are read on demand and not cached.
     *
     * @param sample the row index
     * @return the image
     * @throws NoSuchFileException if the sample has no image or the file is missing
     * @throws IOException if the file cannot be decoded, or resolves (through a link) outside
     *     the model directory
     */
    public BufferedImage image(int sample) throws IOException {
        Path file = imageFile(sample).orElseThrow(() -> new NoSuchFileException(
                "sample " + sample + " of model '" + name() + "' has no image_path"));
        Path real = file.toRealPath();
        if (!real.startsWith(directory().toRealPath())) {
            throw new IOException(file + " resolves to " + real
                    + ", outside the model directory");
        }
        BufferedImage image;
        try (java.io.InputStream in = Files.newInputStream(real)) {
            image = ImageIO.read(in);
        }
        if (image == null) {
            throw new IOException(file + ": not a readable image");
        }
        return image;
    }

    /**
     * Returns the network architecture, from the {@code network} section of
     * {@code config.json}.
     *
     * @return the network configuration
     * @throws IllegalStateException if the configuration has no valid {@code network} section
     */
    public NetworkConfig network() {
        ObjectNode section = config().network().orElseThrow(() -> new IllegalStateException(
                directory().resolve(ModelDirectory.CONFIG_FILE) + ": no 'network' section "
                        + "describes the model's architecture, so it cannot generate"));
        try {
            return NetworkConfig.fromJson(section);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(directory().resolve(ModelDirectory.CONFIG_FILE)
                    + ": bad 'network' section: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the safetensors weights named by {@code config.json}'s {@code weights} key,
     * resolved as the Python tool resolved checkpoints (model directory, data root, working
     * directory).
     *
     * @return the weights file
     * @throws IllegalStateException if no weights are named or the file does not exist
     */
    public Path weightsFile() {
        String written = config().weights().orElseThrow(() -> new IllegalStateException(
                directory().resolve(ModelDirectory.CONFIG_FILE) + ": no 'weights' key names the "
                        + "model's safetensors file, so it cannot generate"
                        + config().checkpoint().map(c -> " (the checkpoint " + c
                                + " is a Python pickle: convert it with "
                                + "convert_pickle_to_safetensors.py)").orElse("")));
        return ModelConfig.resolve(written, directory(), files.root()).orElseThrow(() ->
                new IllegalStateException(directory().resolve(ModelDirectory.CONFIG_FILE)
                        + ": the weights file '" + written + "' does not exist"));
    }

    /**
     * Returns the model's denoiser on the default engine's CPU with its default threads,
     * opening it on first use.
     *
     * @return the shared denoiser; closed when this model is closed
     * @throws IOException if the weights cannot be read or do not fit the network
     */
    public Denoiser denoiser() throws IOException {
        return denoiser(EngineOptions.defaults());
    }

    /**
     * Returns the model's denoiser with given engine options, opening it on first use. One
     * denoiser is opened per distinct options and shared by every caller: denoisers are
     * thread-safe.
     *
     * @param options the device and threads
     * @return the shared denoiser; closed when this model is closed
     * @throws IOException if the weights cannot be read or do not fit the network
     * @throws IllegalStateException if the model is closed, or names no network or weights
     */
    public Denoiser denoiser(EngineOptions options) throws IOException {
        Denoiser existing = denoisers.get(options);
        if (existing != null) {
            return existing;
        }
        synchronized (denoisers) {
            if (closed) {
                throw new IllegalStateException("Model '" + name() + "' is closed");
            }
            existing = denoisers.get(options);
            if (existing == null) {
                existing = EngineProvider.defaultEngine().open(network(), weightsFile(), options);
                denoisers.put(options, existing);
            }
            return existing;
        }
    }

    /**
     * Averages the activations of chosen samples into masks for a generation, one per layer of
     * the map ({@link EmbeddingParameters#layers()}), shaped as the network's layers.
     *
     * @param samples the samples to average, for example
     *     {@link io.github.diffviews.session.ExplorationState#generationSamples()}
     * @param steps how many leading steps the masks hold for
     * @return the masker
     * @throws IllegalStateException if the model has no activations or no layer layout
     * @throws io.github.diffviews.data.UnknownLayerException if a map layer is not recorded
     * @throws IllegalArgumentException if no samples are given, one is out of range, or a
     *     layer's size differs from the network's
     */
    public ActivationMasker masker(List<Integer> samples, int steps) {
        Activations activations = activations().orElseThrow(() -> new IllegalStateException(
                "Model '" + name() + "' has no activations to average"));
        Activations layers = activations.select(embeddingParameters().layers());
        int[] rows = samples.stream().mapToInt(Integer::intValue).toArray();
        return ActivationMasker.fromMeanOfRows(layers.matrix(), rows, layers.layout().get(),
                LayerCatalog.of(network()), steps);
    }

    /**
     * Closes the denoisers this model opened, freeing their native memory. The model's data
     * stays readable; opening a denoiser afterwards fails.
     */
    @Override
    public void close() {
        synchronized (denoisers) {
            closed = true;
            for (Denoiser denoiser : denoisers.values()) {
                denoiser.close();
            }
            denoisers.clear();
        }
    }

    @Override
    public String toString() {
        return "ModelData[" + name() + ", " + size() + " samples, "
                + activations().map(Activations::toString).orElse("no activations") + "]";
    }

    /**
     * A class present among the samples.
     *
     * @param classId the class id
     * @param name its name
     * @param count how many samples it has
     */
    public record ClassCount(int classId, String name, int count) {
    }
}
