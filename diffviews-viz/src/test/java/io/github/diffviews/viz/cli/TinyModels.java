package io.github.diffviews.viz.cli;

import io.github.diffviews.data.ClassLabels;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.io.Idx;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.testing.TestModels;
import io.github.diffviews.torch.RandomWeights;
import java.io.IOException;
import java.nio.file.Files;
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

    /** Writes a source model (config with the network, weights, class labels) in a directory. */
    static Path sourceModel(Path model) throws IOException {
        Files.createDirectories(model);
        RandomWeights.write(NETWORK, model.resolve("model.safetensors"), 5);
        ModelConfig.builder().adapter("tiny").weights("model.safetensors").defaultSteps(3)
                .network(NETWORK.toJson()).build().write(model.resolve("config.json"));
        ClassLabels.of(Map.of(0, "zero", 1, "one", 2, "two"), "test")
                .write(model.resolve("class_labels.json"));
        return model;
    }

    /** Writes {@code count} 28x28 images of three classes as a t10k IDX pair. */
    static Path idxImages(Path directory, int count) throws IOException {
        Files.createDirectories(directory);
        byte[] pixels = new byte[count * 28 * 28];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 3);
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = (byte) ((p * (i % 3 + 1) + i) % 256);
            }
        }
        Idx.writeUnsignedBytes(directory.resolve("t10k-images-idx3-ubyte"), pixels, count, 28,
                28);
        Idx.writeUnsignedBytes(directory.resolve("t10k-labels-idx1-ubyte"), labels, count);
        return directory;
    }
}
