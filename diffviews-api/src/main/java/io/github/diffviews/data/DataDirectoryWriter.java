package io.github.diffviews.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.DType;
import io.github.diffviews.io.NpyMatrixWriter;
import io.github.diffviews.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one model directory in the Python tool's layout, sample by sample.
 *
 * <pre>{@code
 * try (DataDirectoryWriter writer = DataDirectoryWriter.create(dir, config, layout)) {
 *     writer.addSample(Map.of("sample_id", "sample_000000", "class_label", 3), row, image);
 *     ...
 *     writer.embeddings("embeddings", coordinates, parameters);
 *     writer.commit();
 * }
 * }</pre>
 *
 * <p>Everything is written into a hidden staging directory beside the target ({@code .name.*})
 * that discovery never lists; {@link #commit()} writes {@code config.json} last and then renames
 * the staging directory into place. Closing without committing (after a full disk, a
 * cancellation or any other failure) deletes the staging directory, so no half-written directory
 * is ever left where {@link io.github.diffviews.Visualizer} would accept it.
 *
 * <p>Layout written: {@code config.json}, {@code class_labels.json},
 * {@code embeddings/<stem>.csv} and {@code .json},
 * {@code activations/<dataset_type>/batch_000000.npy} and {@code .npy.json},
 * {@code metadata/<dataset_type>/dataset_info.json} and
 * {@code images/<dataset_type>/sample_NNNNNN.png}.
 */
public final class DataDirectoryWriter implements AutoCloseable {

    /** Stem of the activation file written. */
    public static final String BATCH_STEM = "batch_000000";

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryWriter.class);

    private final Path target;
    private final Path staging;
    private final ModelConfig config;
    private final ActivationLayout layout;
    private final NpyMatrixWriter activationWriter;
    private final DType dtype;
    private final List<Map<String, Object>> records = new ArrayList<>();
    private int images;
    private FloatMatrix finishedActivations;
    private final Set<String> columns = new LinkedHashSet<>();
    private ClassLabels classLabels;
    private String stem = "embeddings";
    private FloatMatrix coordinates;
    private EmbeddingParameters parameters;
    private ObjectNode datasetExtras;
    private boolean replaceExisting;
    private boolean finished;

    private DataDirectoryWriter(Path target, Path staging, ModelConfig config,
            ActivationLayout layout, NpyMatrixWriter activationWriter, DType dtype) {
        this.target = target;
        this.staging = staging;
        this.config = config;
        this.layout = layout;
        this.activationWriter = activationWriter;
        this.dtype = dtype;
    }

    /**
     * Starts writing a model directory.
     *
     * @param modelDirectory the directory to create on {@link #commit()}
     * @param config the model configuration
     * @param layout the layers of each activation row, or null to write no activations
     * @param dtype {@link DType#FLOAT32} or {@link DType#FLOAT16} for the activation file
     * @return the writer
     * @throws IOException if the staging directory cannot be created (an unwritable parent)
     */
    public static DataDirectoryWriter create(Path modelDirectory, ModelConfig config,
            ActivationLayout layout, DType dtype) throws IOException {
        Objects.requireNonNull(config, "config");
        Path target = modelDirectory.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        if (!Files.isWritable(parent)) {
            throw new IOException(parent + ": directory is not writable");
        }
        Path staging = parent.resolve("." + target.getFileName() + ".partial-"
                + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(staging);

        NpyMatrixWriter activations = null;
        try {
            if (layout != null) {
                Path file = staging.resolve("activations").resolve(config.datasetType())
                        .resolve(BATCH_STEM + ".npy");
                activations = NpyMatrixWriter.create(file, dtype, layout.width());
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        return new DataDirectoryWriter(target, staging, config, layout, activations, dtype);
    }

    /**
     * Starts writing a model directory with float32 activations.
     *
     * @param modelDirectory the directory to create on {@link #commit()}
     * @param config the model configuration
     * @param layout the layers of each activation row, or null to write no activations
     * @return the writer
     * @throws IOException if the staging directory cannot be created
     */
    public static DataDirectoryWriter create(Path modelDirectory, ModelConfig config,
            ActivationLayout layout) throws IOException {
        return create(modelDirectory, config, layout, DType.FLOAT32);
    }

    /**
     * Writes the class names as {@code class_labels.json} in the model directory.
     *
     * @param labels the class names
     * @return this writer
     */
    public DataDirectoryWriter classLabels(ClassLabels labels) {
        this.classLabels = Objects.requireNonNull(labels, "labels");
        return this;
    }

    /**
     * Allows {@link #commit()} to replace an existing directory at the target.
     *
     * @param replace true to replace; false (the default) makes commit fail if it exists
     * @return this writer
     */
    public DataDirectoryWriter replaceExisting(boolean replace) {
        this.replaceExisting = replace;
        return this;
    }

    /**
     * Adds keys to {@code dataset_info.json} besides the samples and layer shapes.
     *
     * @param extras the keys to add (the noise levels, the source, the seed...)
     * @return this writer
     */
    public DataDirectoryWriter datasetInfo(ObjectNode extras) {
        this.datasetExtras = extras.deepCopy();
        return this;
    }

    /**
     * Writes an image that several samples share (one source image seen at several noise levels,
     * say); pass the returned path as their {@code image_path}.
     *
     * @param image the image
     * @return its path relative to the model directory
     * @throws IOException if writing fails
     */
    public String addImage(BufferedImage image) throws IOException {
        checkOpen();
        String relative = "images/" + config.datasetType() + "/"
                + String.format(Locale.ROOT, "sample_%06d.png", images++);
        Path file = staging.resolve(relative);
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException(file + ": no PNG writer for image type " + image.getType());
        }
        return relative;
    }

    /**
     * Adds one sample: its metadata columns, its activation row and its image.
     *
     * @param metadata the CSV columns of the sample, in the order they should appear (for
     *     example {@code sample_id}, {@code class_label}, {@code class_name}); values are
     *     strings or numbers; {@code image_path}, {@code activation_path} and
     *     {@code batch_index} are filled in by the writer
     * @param activations the activation row, as wide as the layout, or null when the writer
     *     has no layout
     * @param image the sample's image, or null for none
     * @return the row index of the sample
     * @throws IOException if writing fails (a full disk, say)
     */
    public int addSample(Map<String, ?> metadata, float[] activations, BufferedImage image)
            throws IOException {
        checkOpen();
        int row = records.size();
        Map<String, Object> record = new LinkedHashMap<>(metadata);

        if (finishedActivations != null) {
            throw new IllegalStateException("The activations of " + target
                    + " are finished; no more samples can be added");
        }
        if (image != null) {
            record.put(SampleTable.IMAGE_PATH, addImage(image));
        } else if (metadata.containsKey(SampleTable.IMAGE_PATH)) {
            Object path = metadata.get(SampleTable.IMAGE_PATH);
            if (path != null && !SampleTable.isInside(staging.toAbsolutePath().normalize(),
                    path.toString())) {
                throw new IllegalArgumentException("image_path '" + path
                        + "' leaves the model directory");
            }
        }
        if (layout != null) {
            if (activations == null || activations.length != layout.width()) {
                throw new IllegalArgumentException("Sample " + row + " needs an activation row "
                        + "of " + layout.width() + " values (layers " + layout.layers()
                        + "), got " + (activations == null ? "none" : activations.length));
            }
            activationWriter.append(activations);
            record.put(SampleTable.ACTIVATION_PATH, "activations/" + config.datasetType() + "/"
                    + BATCH_STEM);
            record.put(SampleTable.BATCH_INDEX, row);
        } else if (activations != null) {
            throw new IllegalArgumentException("The writer was created without a layer layout, "
                    + "so it cannot store activations");
        }

        records.add(record);
        columns.addAll(record.keySet());
        return row;
    }

    /**
     * Sets the map coordinates and the parameters saved beside the CSV.
     *
     * @param csvStem the embeddings file stem, for example {@code embeddings}
     * @param mapCoordinates one row per sample, 2 or 3 columns; null for no map
     * @param embeddingParameters the parameters written as {@code <stem>.json}
     * @return this writer
     */
    public DataDirectoryWriter embeddings(String csvStem, FloatMatrix mapCoordinates,
            EmbeddingParameters embeddingParameters) {
        if (csvStem == null || csvStem.isBlank() || csvStem.contains("/")) {
            throw new IllegalArgumentException("Bad embeddings stem '" + csvStem + "'");
        }
        if (mapCoordinates != null && mapCoordinates.columns() != 2
                && mapCoordinates.columns() != 3) {
            throw new IllegalArgumentException("Map coordinates need 2 or 3 columns, got "
                    + mapCoordinates.columns());
        }
        this.stem = csvStem;
        this.coordinates = mapCoordinates;
        this.parameters = embeddingParameters;
        return this;
    }

    /**
     * Ends the activation file (no more samples can be added) and returns its rows, memory-mapped
     * from the staging directory, so that a map can be fitted before the directory is committed.
     *
     * @return the activation matrix of the samples added
     * @throws IOException if the file cannot be finished
     * @throws IllegalStateException if the writer has no layer layout
     */
    public FloatMatrix finishActivations() throws IOException {
        checkOpen();
        if (activationWriter == null) {
            throw new IllegalStateException("The writer of " + target + " stores no activations");
        }
        if (finishedActivations == null) {
            activationWriter.commit();
            finishedActivations = io.github.diffviews.io.Npy.mapMatrix(activationFile());
        }
        return finishedActivations;
    }

    /**
     * Returns where a file of the model directory is staged, for files this writer does not
     * write itself (a fitted projection, say). The file moves into place with the rest on
     * {@link #commit()}.
     *
     * @param relative a path relative to the model directory
     * @return the path inside the staging directory
     * @throws IllegalArgumentException if the path leaves the model directory
     */
    public Path stagingPath(String relative) {
        Path base = staging.toAbsolutePath().normalize();
        if (!SampleTable.isInside(base, relative)) {
            throw new IllegalArgumentException("'" + relative + "' leaves the model directory");
        }
        return base.resolve(relative).normalize();
    }

    private Path activationFile() {
        return staging.resolve("activations").resolve(config.datasetType())
                .resolve(BATCH_STEM + ".npy");
    }

    /**
     * Returns the number of samples added.
     *
     * @return the sample count
     */
    public int size() {
        return records.size();
    }

    /**
     * Writes the remaining files and moves the directory into place.
     *
     * @return the model directory written
     * @throws FileAlreadyExistsException if the target exists and replacing was not allowed
     * @throws IOException if writing fails; nothing is left at the target then
     */
    public Path commit() throws IOException {
        checkOpen();
        if (coordinates != null && coordinates.rows() != records.size()) {
            throw new IllegalStateException(coordinates.rows() + " map coordinates for "
                    + records.size() + " samples");
        }
        if (Files.exists(target) && !replaceExisting) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "the model directory exists; choose another or allow replacing it");
        }

        if (activationWriter != null) {
            if (finishedActivations == null) {
                activationWriter.commit();
            }
            writeSidecar();
        }
        writeDatasetInfo();
        sampleTable().write(staging.resolve(ModelDirectory.EMBEDDINGS_DIR).resolve(stem + ".csv"));
        if (parameters != null) {
            parameters.write(staging.resolve(ModelDirectory.EMBEDDINGS_DIR)
                    .resolve(stem + ".json"));
        }
        if (classLabels != null) {
            classLabels.write(staging.resolve(ClassLabels.MODEL_FILE));
        }
        config.write(staging.resolve(ModelDirectory.CONFIG_FILE));

        moveIntoPlace();
        finished = true;
        LOG.debug("Wrote model directory {} with {} samples", target, records.size());
        return target;
    }

    private CsvTable sampleTable() {
        List<Column> table = new ArrayList<>();
        for (String name : columns) {
            String[] cells = new String[records.size()];
            for (int row = 0; row < cells.length; row++) {
                cells[row] = format(records.get(row).get(name));
            }
            table.add(Column.parse(name, cells));
        }
        if (coordinates != null) {
            String[] names = {SampleTable.UMAP_X, SampleTable.UMAP_Y, SampleTable.UMAP_Z};
            for (int d = 0; d < coordinates.columns(); d++) {
                double[] values = new double[coordinates.rows()];
                for (int row = 0; row < values.length; row++) {
                    values[row] = coordinates.get(row, d);
                }
                table.add(Column.ofDecimals(names[d], values));
            }
        }
        return CsvTable.of(table);
    }

    private void writeSidecar() throws IOException {
        ObjectNode sidecar = Json.MAPPER.createObjectNode();
        ArrayNode names = sidecar.putArray("layers");
        ObjectNode shapes = sidecar.putObject("shapes");
        for (ActivationLayout.Slice slice : layout.slices()) {
            names.add(slice.layer());
            shapes.putArray(slice.layer()).add(records.size()).add(slice.size());
        }
        sidecar.put("total_features", layout.width());
        sidecar.put("num_samples", records.size());
        sidecar.put("dtype", dtype == DType.FLOAT16 ? "float16" : "float32");
        Json.write(staging.resolve("activations").resolve(config.datasetType())
                .resolve(BATCH_STEM + ".npy" + ActivationFiles.SIDECAR_SUFFIX), sidecar);
    }

    private void writeDatasetInfo() throws IOException {
        ObjectNode info = Json.MAPPER.createObjectNode();
        info.put("model_type", config.datasetType());
        info.put("num_samples", records.size());
        if (layout != null) {
            ArrayNode layers = info.putArray("layers");
            ObjectNode shapes = info.putObject("layer_shapes");
            for (ActivationLayout.Slice slice : layout.slices()) {
                layers.add(slice.layer());
                shapes.putArray(slice.layer()).add(slice.size());
            }
        }
        if (datasetExtras != null) {
            info.setAll(datasetExtras);
        }
        ArrayNode samples = info.putArray("samples");
        for (Map<String, Object> record : records) {
            ObjectNode sample = samples.addObject();
            record.forEach((key, value) -> {
                if (value instanceof Number number) {
                    sample.putPOJO(key, number);
                } else {
                    sample.put(key, value == null ? null : value.toString());
                }
            });
        }
        Json.write(staging.resolve("metadata").resolve(config.datasetType())
                .resolve("dataset_info.json"), info);
    }

    private void moveIntoPlace() throws IOException {
        Path previous = null;
        if (Files.exists(target)) {
            previous = target.resolveSibling("." + target.getFileName() + ".old-"
                    + UUID.randomUUID().toString().substring(0, 8));
            Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (previous != null) {
                Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (previous != null) {
            deleteTree(previous);
        }
    }

    private static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Float || value instanceof Double) {
            double number = ((Number) value).doubleValue();
            return Double.isNaN(number) ? "" : Double.toString(number);
        }
        return value.toString();
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("The writer of " + target + " is finished");
        }
    }

    /**
     * Abandons the directory unless it was committed: the staging directory is deleted.
     *
     * @throws IOException if the staging directory cannot be deleted
     */
    @Override
    public void close() throws IOException {
        if (activationWriter != null) {
            activationWriter.close();
        }
        if (!finished) {
            finished = true;
            deleteTree(staging);
        }
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
