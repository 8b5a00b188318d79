package io.github.diffviews.viz.cli;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.io.DType;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.Npy;
import io.github.diffviews.io.NpyArray;
import io.github.diffviews.io.NpyHeader;
import io.github.diffviews.projection.MapFitting;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diffviews fit-umap}: fits a UMAP projection and writes the map coordinates.
 *
 * <p>The input is one of the exclusive groups of {@link Input}: a bare matrix
 * ({@code --input ROWS.npy --out COORDS.npy}), or a model of a data directory
 * ({@code --data-dir DIR --model NAME [--layers A,B]}), whose map is then rewritten in place
 * (the embeddings CSV's coordinate columns, {@code <stem>.json} and the saved projection; the
 * files replaced are kept as {@code *.previous}). For a data directory the model's
 * {@code <stem>.json} gives the parameters that options leave out.
 */
@Command(name = "fit-umap", mixinStandardHelpOptions = true,
        description = {
            "Fit a UMAP projection of activation rows and write the map coordinates.",
            "Rows are standardised and reduced to 50 principal components first, as the Python "
                    + "tool does, unless --no-standardise or --pca 0 say otherwise."
        })
final class FitUmapCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Mixin
    UmapOptions umap;

    @Option(names = "--save-model", paramLabel = "DIR",
            description = "Also save the fitted projection (JSON + .npy, never a pickle) to DIR, "
                    + "for transforming new rows later.")
    Path saveModel;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /** Where the rows come from; exactly one form. */
    static final class Input {

        @ArgGroup(exclusive = false, multiplicity = "1")
        BareMatrix matrix;

        @ArgGroup(exclusive = false, multiplicity = "1")
        ModelInput model;
    }

    /** A model of a data directory, whose map is refitted in place. */
    static final class ModelInput {

        @Option(names = "--data-dir", required = true, paramLabel = "DIR",
                description = "A model directory, or a root holding one directory per model.")
        Path dataDirectory;

        @Option(names = "--model", paramLabel = "NAME",
                description = "The model (default: the data directory's default model).")
        String name;

        @Option(names = "--layers", split = ",", paramLabel = "LAYER",
                description = "Layers whose activations are projected (default: the map's "
                        + "layers in <stem>.json, else every recorded layer).")
        List<String> layers;

        @Option(names = "--stem", paramLabel = "STEM",
                description = "The embeddings file to write (default: the one the model reads).")
        String stem;
    }

    /** A bare matrix of rows in a {@code .npy} file. */
    static final class BareMatrix {

        @Option(names = "--input", required = true, paramLabel = "ROWS.npy",
                description = "Activation rows: a float .npy of shape (N, ...), one row per "
                        + "sample (trailing dimensions are flattened).")
        Path rows;

        @Option(names = "--out", required = true, paramLabel = "COORDS.npy",
                description = "Where the coordinates are written: float32, (N, components).")
        Path coordinates;
    }

    @Override
    public Integer call() throws IOException {
        if (input.model != null) {
            return fitModel(input.model);
        }
        BareMatrix matrix = input.matrix;
        FloatMatrix rows = readRows(matrix.rows);
        UmapParameters parameters = umap.apply(UmapParameters.defaults());
        ProjectionBackend backend = umap.backend();

        ProgressBar bar = quiet ? null
                : new ProgressBar(spec.commandLine().getErr(), System.console() != null);
        long started = System.nanoTime();
        Projection projection;
        try {
            projection = backend.fit(rows, parameters, bar == null ? ProgressListener.NONE : bar,
                    CancellationToken.NONE);
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        Npy.write(matrix.coordinates, projection.embedding());
        if (saveModel != null) {
            projection.save(saveModel);
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rows", rows.rows());
        summary.put("input_width", rows.columns());
        summary.put("components", projection.components());
        summary.put("backend", projection.backend());
        summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
        summary.put("out", matrix.coordinates.toString());
        if (saveModel != null) {
            summary.put("model", saveModel.toString());
        }
        summary.put("parameters", parameters.toMap());
        Output.json(spec.commandLine().getOut(), summary);
        return 0;
    }

    private int fitModel(ModelInput model) throws IOException {
        Visualizer visualizer = Visualizer.builder(model.dataDirectory).lazy(true).open();
        ModelData data = visualizer.model(model.name == null ? visualizer.defaultModel()
                : model.name);
        UmapParameters base = data.embeddingParameters().present()
                ? UmapParameters.fromJson(data.embeddingParameters().json().toString())
                : UmapParameters.defaults();
        UmapParameters parameters = umap.apply(base);
        List<String> layers = model.layers != null ? model.layers : mapLayers(data);
        String csvName = data.files().embeddingsFile().getFileName().toString();
        String stem = model.stem != null ? model.stem
                : csvName.substring(0, csvName.length() - ".csv".length());

        ProgressBar bar = quiet ? null
                : new ProgressBar(spec.commandLine().getErr(), System.console() != null);
        long started = System.nanoTime();
        Path csv;
        try {
            csv = MapFitting.of(umap.backend(), parameters, layers,
                    bar == null ? ProgressListener.NONE : bar, CancellationToken.NONE)
                    .refit(data, stem);
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", data.name());
        summary.put("rows", data.size());
        summary.put("layers", layers);
        summary.put("components", parameters.components());
        summary.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
        summary.put("embeddings", csv.toString());
        summary.put("projection", csv.resolveSibling(stem + ".projection").toString());
        summary.put("parameters", parameters.toMap());
        Output.json(spec.commandLine().getOut(), summary);
        return 0;
    }

    /** The map's layers when the activations record them all, else every recorded layer. */
    private static List<String> mapLayers(ModelData data) {
        List<String> recorded = data.activations().flatMap(a -> a.layout())
                .map(l -> l.layers()).orElse(List.of());
        List<String> map = data.embeddingParameters().layers();
        return recorded.containsAll(map) ? map : recorded;
    }

    /** Reads rows: float32 and float16 files are memory-mapped, other numeric types converted. */
    static FloatMatrix readRows(Path file) throws IOException {
        NpyHeader header = Npy.readHeader(file);
        int[] shape = header.shape();
        if (shape.length < 2) {
            throw new DataFormatException(file, "expected rows of activations, shape (N, D), "
                    + "found shape " + Arrays.toString(shape));
        }
        boolean mappable = (header.dtype() == DType.FLOAT32 || header.dtype() == DType.FLOAT16)
                && !header.fortranOrder();
        if (mappable) {
            return Npy.mapMatrix(file);
        }
        NpyArray array = Npy.read(file);
        int columns = 1;
        for (int d = 1; d < shape.length; d++) {
            columns = Math.multiplyExact(columns, shape[d]);
        }
        return FloatMatrix.wrap(array.toFloatArray(), shape[0], columns);
    }
}
