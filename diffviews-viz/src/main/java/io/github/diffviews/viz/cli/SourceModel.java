package io.github.diffviews.viz.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.data.ClassLabels;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.extraction.DataDirectoryBuilder;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.network.NetworkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A trained model on disk: a directory holding {@code config.json} (with a {@code network}
 * section and a {@code weights} key) and its weights, or a weights file with the
 * {@code config.json} beside it. The demo model ships in {@code models/fashion-mnist/} of the
 * project; the launcher passes the project's location as {@code -Ddiffviews.home}.
 */
record SourceModel(Path directory, ModelConfig config, NetworkConfig network, Path weights,
        Map<Integer, String> classNames) {

    /** The directory of the model shipped with the project, relative to its root. */
    static final String SHIPPED = "models/fashion-mnist";

    /** Where a data directory built with a source model keeps its copy of the weights. */
    static final String OWN_WEIGHTS = "weights/model.safetensors";

    /** Returns the shipped demo model's directory. */
    static Path shippedDirectory() {
        String home = System.getProperty("diffviews.home", System.getenv("DIFFVIEWS_HOME"));
        Path base = home == null || home.isBlank() ? Path.of("") : Path.of(home);
        return base.resolve(SHIPPED).toAbsolutePath().normalize();
    }

    /**
     * Reads a model from a directory or a weights file; null reads the shipped model.
     *
     * @param location a model directory, a {@code .safetensors} file, or null
     * @return the model
     * @throws IOException if the files are missing or malformed
     */
    static SourceModel read(Path location) throws IOException {
        Path path = location == null ? shippedDirectory() : location.toAbsolutePath().normalize();
        Path directory = Files.isDirectory(path) ? path : path.getParent();
        Path configFile = directory.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new DataFormatException(configFile, location == null
                    ? "the shipped demo model is missing (expected " + SHIPPED + "/ in the "
                            + "project; run ./diffviews from the project, or set DIFFVIEWS_HOME)"
                    : "no config.json with the model's network beside the weights");
        }
        ModelConfig config = ModelConfig.read(configFile);
        NetworkConfig network = NetworkConfig.fromJson(config.network().orElseThrow(() ->
                new DataFormatException(configFile, "no 'network' section describes the model")));
        Path weights = Files.isDirectory(path)
                ? ModelConfig.resolve(config.weights().orElseThrow(() -> new DataFormatException(
                        configFile, "no 'weights' key names the safetensors file")), directory,
                        directory).orElseThrow(() -> new DataFormatException(configFile,
                        "the weights file '" + config.weights().get() + "' does not exist"))
                : path;
        ClassLabels labels = ClassLabels.find(directory, directory);
        boolean imagenet = network.labelDim() == labels.names().size();
        Map<Integer, String> names = labels.source().startsWith("bundled") && !imagenet
                ? Map.of() : labels.names();
        return new SourceModel(directory, config, network, weights, names);
    }

    /** Opens the model on the default engine. */
    Denoiser open(EngineOptions options) throws IOException {
        return EngineProvider.defaultEngine().open(network, weights, options);
    }

    /**
     * Starts a data directory built with this model: its configuration pointing at a copy of
     * its weights inside the directory ({@link #OWN_WEIGHTS}), the copy itself, and its class
     * names. Callers add the images' options, progress, cancellation and the map.
     */
    DataDirectoryBuilder.Builder dataDirectoryBuilder(Denoiser denoiser) {
        ObjectNode json = config.json();
        json.put("weights", OWN_WEIGHTS);
        return DataDirectoryBuilder.builder(denoiser)
                .config(ModelConfig.of(json))
                .copy(OWN_WEIGHTS, weights)
                .classNames(classNames);
    }
}
