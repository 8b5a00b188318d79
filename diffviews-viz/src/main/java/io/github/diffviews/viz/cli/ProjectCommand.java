package io.github.diffviews.viz.cli;

import io.github.diffviews.ModelData;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffviews project}: places new activation rows on a model's map. */
@Command(name = "project", mixinStandardHelpOptions = true,
        description = {
            "Place activation rows on a model's map with its projection (the saved one, or one "
                    + "rebuilt from the activations and coordinates).",
            "Rows hold the map's layers flattened in sorted order, as the activations do."
        })
final class ProjectCommand implements Callable<Integer> {

    @Mixin
    DataDirectoryOptions data;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model (default: the data directory's default model).")
    String model;

    @Option(names = "--activations", required = true, paramLabel = "ROWS.npy",
            description = "Rows to place: a float .npy of shape (N, D).")
    Path activations;

    @Option(names = "--json", description = "Print one JSON array of coordinates per row.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FloatMatrix rows = FitUmapCommand.readRows(activations);
        try (ModelData modelData = data.model(model)) {
            Projection projection = modelData.projection();
            if (rows.columns() != projection.inputWidth()) {
                throw new IllegalArgumentException(activations + ": rows have " + rows.columns()
                        + " values, the map of model '" + modelData.name() + "' projects rows of "
                        + projection.inputWidth() + " (layers "
                        + modelData.embeddingParameters().layers() + ")");
            }
            FloatMatrix points;
            try {
                points = projection.transform(rows);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(activations + ": " + e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            for (int row = 0; row < points.rows(); row++) {
                float[] point = points.row(row);
                StringBuilder line = new StringBuilder(json ? "[" : "");
                for (int d = 0; d < point.length; d++) {
                    if (d > 0) {
                        line.append(json ? ", " : "\t");
                    }
                    line.append(String.format(Locale.ROOT, "%s", point[d]));
                }
                out.println(json ? line.append(']') : line);
            }
            out.flush();
        }
        return 0;
    }
}
