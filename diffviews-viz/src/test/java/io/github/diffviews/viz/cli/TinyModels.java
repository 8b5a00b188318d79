package io.github.diffviews.viz.cli;

import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.testing.TestModels;
import io.github.diffviews.torch.RandomWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Model directories with a real (tiny, randomly weighted) network, for generation tests. */
final class TinyModels {

    /** 16x16 RGB, 10 classes; encoder_bottleneck and midblock are (64, 8, 8). */
    static final NetworkConfig NETWORK = NetworkConfig.builder().imgResolution(16).imgChannels(3)
            .labelDim(10).modelChannels(32).channelMult(1, 2).numBlocks(1).attnResolutions(8)
            .build();

    private TinyModels() {
    }

    /** Writes a model directory whose activations match the tiny network's layers. */
    static Path write(Path root, String name, int samples) throws IOException {
        Path model = TestModels.model(name).samples(samples).imageSize(16)
                .layers(Map.of("encoder_bottleneck", 4096, "midblock", 4096))
                .network(NETWORK.toJson(), "weights/model.safetensors")
                .writeUnder(root);
        RandomWeights.write(NETWORK, model.resolve("weights/model.safetensors"), 11);
        return model;
    }
}
