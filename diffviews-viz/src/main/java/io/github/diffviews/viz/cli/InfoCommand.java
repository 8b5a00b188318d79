package io.github.diffviews.viz.cli;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.data.Activations;
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
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffviews info}: what a data directory holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe the models of a data directory: samples, activations, layers, "
                + "map and classes.")
final class InfoCommand implements Callable<Integer> {

    @Mixin
    DataDirectoryOptions data;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model to treat as default (else dmd2, else the first).")
    String model;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Visualizer visualizer = data.open(model);
        List<Map<String, Object>> models = new ArrayList<>();
        for (String name : visualizer.models()) {
            models.add(describe(visualizer.model(name)));
        }

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("root", visualizer.root().toString());
            result.put("default_model", visualizer.defaultModel());
            result.put("models", models);
            Output.json(out, result);
            return 0;
        }

        out.printf(Locale.ROOT, "%s (default model: %s)%n", visualizer.root(),
                visualizer.defaultModel());
        for (Map<String, Object> entry : models) {
            out.printf(Locale.ROOT, "%n%s%n  samples: %s%n  activations: %s values per sample"
                    + "%n  layers: %s%n  map: %s-D%n  classes: %s%n", entry.get("name"),
                    entry.get("samples"), entry.get("activation_width"), entry.get("layers"),
                    entry.get("map_dimensions"), entry.get("classes"));
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> describe(ModelData model) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", model.name());
        entry.put("directory", model.directory().toString());
        entry.put("samples", model.size());
        Activations activations = model.activations().orElse(null);
        entry.put("activation_width", activations == null ? 0 : activations.width());
        entry.put("activation_dtype", activations == null ? null
                : activations.dtype().name().toLowerCase(Locale.ROOT));
        Map<String, Integer> layers = new LinkedHashMap<>();
        if (activations != null && activations.layout().isPresent()) {
            for (ActivationLayout.Slice slice : activations.layout().get().slices()) {
                layers.put(slice.layer(), slice.size());
            }
        }
        entry.put("layers", layers);
        entry.put("map_layers", model.embeddingParameters().layers());
        entry.put("map_dimensions", model.mapDimensions());
        entry.put("classes", model.classes().size());
        entry.put("adapter", model.config().adapter());
        entry.put("embeddings", model.files().embeddingsFile().toString());
        return entry;
    }
}
