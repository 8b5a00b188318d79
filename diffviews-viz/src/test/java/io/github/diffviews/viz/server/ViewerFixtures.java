package io.github.diffviews.viz.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.testing.TestModels;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Data directories for the viewer's tests. */
final class ViewerFixtures {

    /** A network small enough to generate with on a CPU in milliseconds per step. */
    static final NetworkConfig TINY = NetworkConfig.builder().imgResolution(16).imgChannels(3)
            .labelDim(10).modelChannels(32).channelMult(1, 2).numBlocks(1).attnResolutions(8)
            .build();

    /** The flattened size of the tiny network's encoder_bottleneck and midblock (64·8·8). */
    static final int TINY_LAYER_SIZE = 64 * 8 * 8;

    private ViewerFixtures() {
    }

    /** A model without a network: a map, activations and images only. */
    static Path plainModel(Path root, String name, int samples) {
        return TestModels.model(name).samples(samples).classes(10).writeUnder(root);
    }

    /**
     * A model that can generate: activations sized to the tiny network's map layers, and a
     * config.json naming the network and a file of random weights written by the PyTorch
     * module's {@code RandomWeights}.
     */
    static Path generatingModel(Path root, String name, int samples) throws IOException {
        Path directory = TestModels.model(name).samples(samples).classes(10).imageSize(16)
                .layers(Map.of("encoder_bottleneck", TINY_LAYER_SIZE, "midblock",
                        TINY_LAYER_SIZE)).writeUnder(root);
        Path weights = directory.resolve("model.safetensors");
        writeRandomWeights(weights);

        ObjectMapper json = new ObjectMapper();
        Path configFile = directory.resolve("config.json");
        ObjectNode config = (ObjectNode) json.readTree(configFile.toFile());
        config.set("network", TINY.toJson());
        config.put("weights", "model.safetensors");
        config.put("default_steps", 4);
        Files.writeString(configFile, json.writeValueAsString(config));
        return directory;
    }

    /**
     * Writes random weights through {@code io.github.diffviews.torch.RandomWeights}. The torch
     * module is a run-time dependency of the viewer, so it is called reflectively here: the
     * viewer's code compiles against the public API only.
     */
    static void writeRandomWeights(Path file) throws IOException {
        try {
            Class<?> writer = Class.forName("io.github.diffviews.torch.RandomWeights");
            Method write = writer.getMethod("write", NetworkConfig.class, Path.class,
                    long.class);
            write.invoke(null, TINY, file, 11L);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("diffviews-torch is not on the test class path", e);
        }
    }
}
