package io.github.diffviews.viz.cli;

import io.github.diffviews.ModelData;
import io.github.diffviews.figure.Figures;
import io.github.diffviews.figure.MapPlot;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.session.ExplorationState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffviews plot}: the map with a selection, its neighbors and a class, as files. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {
            "Draw a model's map with a selected sample, its k nearest neighbors on the map and "
                    + "a highlighted class.",
            "Writes a self-contained HTML page (Plotly.js inlined, opens offline), a PNG drawn "
                    + "without a display, and/or the Plotly figure as JSON."
        })
final class PlotCommand implements Callable<Integer> {

    @Mixin
    DataDirectoryOptions data;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model (default: the data directory's default model).")
    String model;

    @Option(names = "--sample", paramLabel = "I", description = "The sample to select.")
    Integer sample;

    @Option(names = "--k", defaultValue = "5", paramLabel = "K",
            description = "Nearest neighbors of the selection to ring, 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--class", paramLabel = "C", description = "The class to highlight.")
    Integer classId;

    @Option(names = "--width", defaultValue = "900", paramLabel = "PIXELS",
            description = "Width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "700", paramLabel = "PIXELS",
            description = "Height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--title", paramLabel = "TEXT",
            description = "The title (default: Activation UMAP).")
    String title;

    @Option(names = "--html", paramLabel = "OUT.html", description = "Write the HTML page.")
    Path html;

    @Option(names = "--png", paramLabel = "OUT.png", description = "Write the PNG image.")
    Path png;

    @Option(names = "--json", paramLabel = "OUT.json",
            description = "Write the Plotly figure as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (html == null && png == null && json == null) {
            throw new ParameterException(spec.commandLine(),
                    "Nothing to write: give --html, --png or --json (or several)");
        }
        if (k < 0 || k > ExplorationState.MAX_NEIGHBORS) {
            throw new ParameterException(spec.commandLine(), "--k must be 0 to "
                    + ExplorationState.MAX_NEIGHBORS + ", got " + k);
        }
        ModelData modelData = data.model(model);
        MapPlot plot = Figures.map(modelData);
        if (sample != null) {
            plot = plot.select(sample);
            if (k > 0) {
                plot = plot.suggest(k);
            }
        }
        if (classId != null) {
            if (modelData.samplesOfClass(classId).length == 0) {
                throw new IllegalArgumentException("--class " + classId + ": model '"
                        + modelData.name() + "' has no sample of that class");
            }
            plot = plot.highlightClass(classId);
        }
        plot = plot.width(width).height(height);
        if (title != null) {
            plot = plot.title(title);
        }

        PrintWriter out = spec.commandLine().getOut();
        if (png != null) {
            out.println(plot.toPng(png));
        }
        if (html != null) {
            out.println(plot.toHtml(html));
        }
        if (json != null) {
            AtomicFiles.writeString(json, plot.toJsonString());
            out.println(json);
        }
        out.flush();
        return 0;
    }
}
