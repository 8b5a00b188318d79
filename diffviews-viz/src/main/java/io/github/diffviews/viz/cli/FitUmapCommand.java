package io.github.diffviews.viz.cli;

import io.github.diffviews.io.DType;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.Npy;
import io.github.diffviews.io.NpyArray;
import io.github.diffviews.io.NpyHeader;
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
 * <p>The input is chosen by one of the exclusive groups of {@link Input}; today that is a bare
 * matrix ({@code --input ROWS.npy --out COORDS.npy}). A data-directory form
 * ({@code --data-dir DIR --model NAME [--layers A,B]}) is meant to join it as a second member
 * of the group, reusing {@link UmapOptions} with the directory's {@code <stem>.json} as the base
 * parameters.
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
