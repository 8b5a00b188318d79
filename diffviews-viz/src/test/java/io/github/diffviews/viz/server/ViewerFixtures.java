package io.github.diffviews.viz.server;

import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.testing.TestModels;
import io.github.diffviews.torch.RandomWeights;
import java.io.IOException;
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
     * module's {@link RandomWeights} (a run-time dependency of the viewer, so on the test class
     * path; the viewer's own code uses the public API only).
     */
    static Path generatingModel(Path root, String name, int samples) throws IOException {
        Path directory = TestModels.model(name).samples(samples).classes(10).imageSize(16)
                .layers(Map.of("encoder_bottleneck", TINY_LAYER_SIZE, "midblock",
                        TINY_LAYER_SIZE))
                .network(TINY.toJson(), "model.safetensors").writeUnder(root);
        RandomWeights.write(TINY, directory.resolve("model.safetensors"), 11);
        return directory;
    }
}
