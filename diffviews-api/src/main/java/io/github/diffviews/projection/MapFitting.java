package io.github.diffviews.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.ModelData;
import io.github.diffviews.data.Activations;
import io.github.diffviews.data.Column;
import io.github.diffviews.data.CsvTable;
import io.github.diffviews.data.ModelDirectory;
import io.github.diffviews.data.EmbeddingParameters;
import io.github.diffviews.data.SampleTable;
import io.github.diffviews.extraction.DataDirectoryBuilder;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.io.FileTrees;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the map of a data directory: a projection of the activations of chosen layers, whose
 * embedding becomes the {@code umap_x}, {@code umap_y} (and {@code umap_z}) columns of the
 * embeddings CSV, saved with its parameters ({@code <stem>.json}, the layers included) and the
 * projection itself ({@code <stem>.projection/}), so that trajectories land on the same map.
 */
public final class MapFitting {

    private static final Logger LOG = LoggerFactory.getLogger(MapFitting.class);
    private static final List<String> COORDINATES = List.of(SampleTable.UMAP_X,
            SampleTable.UMAP_Y, SampleTable.UMAP_Z);

    private final ProjectionBackend backend;
    private final UmapParameters parameters;
    private final List<String> layers;
    private final ProgressListener progress;
    private final CancellationToken cancellation;

    private MapFitting(ProjectionBackend backend, UmapParameters parameters, List<String> layers,
            ProgressListener progress, CancellationToken cancellation) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.layers = layers == null ? null : List.copyOf(new TreeSet<>(layers));
        this.progress = Objects.requireNonNull(progress, "progress");
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
    }

    /**
     * Describes a fit.
     *
     * @param backend the projection backend, for example {@link Projections#backend()}
     * @param parameters the UMAP parameters
     * @param layers the layers whose activations are projected; null for every recorded layer
     * @param progress receives the fit's progress
     * @param cancellation stops the fit between units of work
     * @return the fitting
     */
    public static MapFitting of(ProjectionBackend backend, UmapParameters parameters,
            List<String> layers, ProgressListener progress, CancellationToken cancellation) {
        return new MapFitting(backend, parameters, layers, progress, cancellation);
    }

    /**
     * Returns a fitter for {@link DataDirectoryBuilder}: it fits the map on the rows being
     * written and stages the coordinates, parameters and projection under the stem.
     *
     * @param stem the embeddings stem, for example {@code embeddings}
     * @return the fitter
     * @throws IllegalArgumentException if the stem is not a plain name
     */
    public DataDirectoryBuilder.MapFitter forBuilder(String stem) {
        ModelDirectory.checkStem(stem);
        return (activations, layout, writer) -> {
            List<String> chosen = layers == null ? layout.layers() : layers;
            Activations all = new Activations(activations, layout, List.of(),
                    io.github.diffviews.io.DType.FLOAT32);
            Projection projection = fit(all.select(chosen).matrix());
            writer.embeddings(stem, projection.embedding(),
                    EmbeddingParameters.of(parametersJson(chosen, null)));
            projection.save(writer.stagingPath(ModelDirectory.EMBEDDINGS_DIR + "/" + stem
                    + ".projection"));
        };
    }

    /**
     * Fits the map of an existing model and writes it into the model's directory: the
     * embeddings CSV gets (or has replaced) its coordinate columns, every other column kept;
     * {@code <stem>.json} and {@code <stem>.projection/} are written beside it. Files already
     * there are kept as {@code <name>.previous} before being replaced.
     *
     * @param model the model
     * @param stem the embeddings stem to write, for example the model's current one
     * @return the CSV written
     * @throws IOException if writing fails
     * @throws IllegalStateException if the model has no activations
     * @throws IllegalArgumentException if the stem is not a plain name
     */
    public Path refit(ModelData model, String stem) throws IOException {
        ModelDirectory.checkStem(stem);
        Activations activations = model.activations().orElseThrow(() -> new IllegalStateException(
                "Model '" + model.name() + "' has no activations to fit a map on"));
        List<String> chosen = layers != null ? layers
                : activations.layout().map(l -> l.layers()).orElse(List.of());
        FloatMatrix rows = chosen.isEmpty() ? activations.matrix()
                : activations.select(chosen).matrix();
        Projection projection = fit(rows);

        Path embeddings = model.files().embeddingsFile().getParent();
        Path csv = embeddings.resolve(stem + ".csv");
        Path json = embeddings.resolve(stem + ".json");
        Path saved = embeddings.resolve(stem + ".projection");
        CsvTable table = withCoordinates(model.samples().table(), projection.embedding());

        keepPrevious(csv);
        keepPrevious(json);
        Path staging = embeddings.resolve("." + stem + ".projection-" + System.nanoTime());
        projection.save(staging);
        keepPrevious(saved);
        Files.move(staging, saved);
        EmbeddingParameters.of(parametersJson(chosen, model.config().datasetType())).write(json);
        table.write(csv);
        LOG.info("Fitted the map of model '{}' on {} ({} rows) into {}", model.name(),
                chosen, rows.rows(), csv);
        return csv;
    }

    /**
     * Fits a projection on rows.
     *
     * @param rows the activation rows
     * @return the fitted projection
     */
    public Projection fit(FloatMatrix rows) {
        cancellation.throwIfCancelled("Fitting the map");
        return backend.fit(rows, parameters, progress, cancellation);
    }

    private ObjectNode parametersJson(List<String> chosen, String datasetType) {
        ObjectNode json = (ObjectNode) new ObjectMapper().valueToTree(parameters.toMap());
        json.putArray("layers").addAll(chosen.stream()
                .map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList());
        json.put("backend", backend.name());
        if (datasetType != null) {
            json.put("model", datasetType);
        }
        return json;
    }

    private static CsvTable withCoordinates(CsvTable table, FloatMatrix embedding) {
        List<Column> columns = new ArrayList<>();
        for (Column column : table.columns()) {
            if (!COORDINATES.contains(column.name())) {
                columns.add(column);
            }
        }
        for (int d = 0; d < embedding.columns(); d++) {
            double[] values = new double[embedding.rows()];
            for (int row = 0; row < values.length; row++) {
                values[row] = embedding.get(row, d);
            }
            columns.add(Column.ofDecimals(COORDINATES.get(d), values));
        }
        return CsvTable.of(columns);
    }

    private static void keepPrevious(Path file) throws IOException {
        if (Files.exists(file)) {
            Path previous = file.resolveSibling(file.getFileName() + ".previous");
            if (Files.isDirectory(previous)) {
                FileTrees.delete(previous);
            }
            AtomicFiles.moveIntoPlace(file, previous);
        }
    }

    /**
     * Returns the parameters this fitting uses.
     *
     * @return the UMAP parameters
     */
    public UmapParameters parameters() {
        return parameters;
    }

    /**
     * Returns the layers this fitting projects.
     *
     * @return the layers, or null for every recorded layer
     */
    public List<String> layers() {
        return layers;
    }

    /**
     * Returns the names of the coordinate columns of a map of the given dimension.
     *
     * @param components 2 or 3
     * @return {@code umap_x, umap_y} and, for 3, {@code umap_z}
     */
    public static List<String> coordinateColumns(int components) {
        return COORDINATES.subList(0, components);
    }
}
