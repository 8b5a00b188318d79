package io.github.diffviews.viz.cli;

import io.github.diffviews.ModelData;
import io.github.diffviews.neighbors.Neighbor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffviews neighbors}: the nearest samples of one sample. */
@Command(name = "neighbors", mixinStandardHelpOptions = true,
        description = "List the k nearest samples of a sample, on the map or in activation "
                + "space, nearest first.")
final class NeighborsCommand implements Callable<Integer> {

    /** Where distances are measured. */
    enum Space {
        /** On the 2-D or 3-D map coordinates, as the Python tool does. */
        MAP,
        /** Exact Euclidean distance between activation rows. */
        ACTIVATIONS
    }

    @Mixin
    DataDirectoryOptions data;

    @Option(names = "--model", paramLabel = "NAME", description = "The model (default: the "
            + "data directory's default model).")
    String model;

    @Option(names = "--sample", required = true, paramLabel = "I",
            description = "The query sample's row index.")
    int sample;

    @Option(names = "--k", defaultValue = "5", paramLabel = "K",
            description = "How many neighbors (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--space", defaultValue = "map", paramLabel = "SPACE",
            description = "map or activations (default: ${DEFAULT-VALUE}).")
    Space space;

    @Option(names = "--layers", split = ",", paramLabel = "LAYER",
            description = "In activation space, compare only these layers (default: all).")
    List<String> layers = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON array of {index, distance}.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (k < 1) {
            throw new ParameterException(spec.commandLine(), "--k must be at least 1, got " + k);
        }
        if (space == Space.MAP && !layers.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "--layers applies to --space activations only");
        }
        ModelData modelData = data.model(model);
        if (sample < 0 || sample >= modelData.size()) {
            throw new IllegalArgumentException("--sample " + sample + " is out of range: model '"
                    + modelData.name() + "' has " + modelData.size() + " samples (0-"
                    + (modelData.size() - 1) + ")");
        }

        List<Neighbor> neighbors = space == Space.MAP ? modelData.mapNeighbors(sample, k)
                : modelData.activationNeighbors(sample, k, layers);

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> result = new ArrayList<>();
            for (Neighbor neighbor : neighbors) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("index", neighbor.index());
                entry.put("distance", neighbor.distance());
                result.add(entry);
            }
            Output.json(out, result);
            return 0;
        }
        for (Neighbor neighbor : neighbors) {
            out.printf(Locale.ROOT, "%d\t%.6f\t%s\t%s%n", neighbor.index(), neighbor.distance(),
                    modelData.samples().sampleId(neighbor.index()),
                    modelData.className(neighbor.index()));
        }
        out.flush();
        return 0;
    }
}
