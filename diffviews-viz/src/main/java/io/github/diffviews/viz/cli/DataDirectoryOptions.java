package io.github.diffviews.viz.cli;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that reads a data directory shares. */
final class DataDirectoryOptions {

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "A model directory, or a root holding one directory per model.")
    Path dataDirectory;

    @Option(names = "--embeddings", paramLabel = "STEM",
            description = "Which embeddings CSV to read (its stem), when a model has several.")
    String embeddings;

    /** Opens the data directory with these options. */
    Visualizer open(String defaultModel) throws IOException {
        return Visualizer.builder(dataDirectory).embeddings(embeddings).defaultModel(defaultModel)
                .open();
    }

    /** Opens the data directory and returns the named model, or the default one. */
    ModelData model(String name) throws IOException {
        Visualizer visualizer = Visualizer.builder(dataDirectory).embeddings(embeddings)
                .lazy(true).open();
        return visualizer.model(name == null ? visualizer.defaultModel() : name);
    }
}
