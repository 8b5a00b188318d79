package io.github.diffviews.examples;

import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.testing.TestModels;
import io.github.diffviews.torch.RandomWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Data directories the examples can run on: random activations and map coordinates, and a real
 * network (tiny, with random weights) so that generation runs in milliseconds per step.
 */
public final class TinyDataDirectories {

    /** 16x16 RGB, 10 classes; encoder_bottleneck and midblock are (64, 8, 8). */
    public static final NetworkConfig NETWORK = NetworkConfig.builder().imgResolution(16)
            .imgChannels(3).labelDim(10).modelChannels(32).channelMult(1, 2).numBlocks(1)
            .attnResolutions(8).build();

    /** The flattened size of each of the two map layers. */
    public static final int LAYER_SIZE = 64 * 8 * 8;

    private TinyDataDirectories() {
    }

    /**
     * Writes a model directory that can generate: 10 classes, 5 default steps, activations of
     * {@code encoder_bottleneck} and {@code midblock} sized to the tiny network.
     *
     * @param root the data directory
     * @param name the model's name
     * @param samples how many samples
     * @return the model's directory
     * @throws IOException if the weights cannot be written
     */
    public static Path generatingModel(Path root, String name, int samples) throws IOException {
        Path model = TestModels.model(name).samples(samples).classes(10).imageSize(16)
                .layers(Map.of("encoder_bottleneck", LAYER_SIZE, "midblock", LAYER_SIZE))
                .network(NETWORK.toJson(), "model.safetensors").writeUnder(root);
        RandomWeights.write(NETWORK, model.resolve("model.safetensors"), 11);
        return model;
    }
}
