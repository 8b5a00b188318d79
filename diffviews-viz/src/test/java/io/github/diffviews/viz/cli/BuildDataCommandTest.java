package io.github.diffviews.viz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.data.ClassLabels;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.io.Idx;
import io.github.diffviews.torch.RandomWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildDataCommandTest {

    @TempDir
    Path root;

    private Path sourceModel() throws IOException {
        Path model = Files.createDirectories(root.resolve("models/tiny"));
        RandomWeights.write(TinyModels.NETWORK, model.resolve("model.safetensors"), 5);
        ModelConfig.builder().adapter("tiny").weights("model.safetensors").defaultSteps(3)
                .network(TinyModels.NETWORK.toJson()).build().write(model.resolve("config.json"));
        ClassLabels.of(Map.of(0, "zero", 1, "one", 2, "two"), "test")
                .write(model.resolve("class_labels.json"));
        return model;
    }

    private Path idxImages(int count) throws IOException {
        Path directory = Files.createDirectories(root.resolve("idx"));
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

    @Test
    void buildData_idxImages_writesAMappedDirectoryThatCanGenerate() throws IOException {
        Path model = sourceModel();
        Path images = idxImages(30);
        Path out = root.resolve("data");

        CliRun run = CliRun.of("build-data", "--model-dir", model.toString(), "--images",
                images.toString(), "--noise-levels", "100,54", "--limit", "20", "--epochs", "50",
                "--quiet", "--out", out.toString());

        assertEquals(0, run.status(), run.err());
        try (Visualizer visualizer = Visualizer.open(out)) {
            ModelData data = visualizer.model("tiny");
            assertEquals(40, data.size(), "20 images x 2 levels");
            assertEquals(2, data.mapDimensions());
            assertEquals("one", data.className(2 * 1));
            assertEquals(List.of("encoder_bottleneck", "midblock"),
                    data.embeddingParameters().layers());
            assertTrue(Files.isRegularFile(data.projectionDirectory()
                    .resolve("projection.json")));
            assertTrue(Files.isRegularFile(data.weightsFile()), "the weights are copied in");
            assertEquals(2, data.projection().transform(data.activations().get()
                    .select(data.embeddingParameters().layers()).matrix().row(0)).length);
        }
        CliRun generate = CliRun.of("generate", "--data-dir", out.toString(), "--sample", "0",
                "--neighbors", "1,2", "--steps", "2", "--out", root.resolve("gen").toString());
        assertEquals(0, generate.status(), generate.err());
    }

    @Test
    void buildData_fromOwnSamples_needsNoImages() throws IOException {
        Path model = sourceModel();
        Path out = root.resolve("data");

        CliRun run = CliRun.of("build-data", "--model-dir", model.toString(), "--from-samples",
                "2", "--noise-levels", "82", "--no-map", "--quiet", "--out", out.toString());

        assertEquals(0, run.status(), run.err());
        ModelData data = ModelData.open(out.resolve("tiny"));
        assertEquals(20, data.size(), "2 samples x 10 classes x 1 level");
        assertEquals(0, data.mapDimensions());
    }

    @Test
    void buildData_existingTargetOrBadIdx_failsAndKeepsWhatExists() throws IOException {
        Path model = sourceModel();
        Path images = idxImages(5);
        Path existing = Files.createDirectories(root.resolve("data/tiny"));
        Files.writeString(existing.resolve("keep.txt"), "keep");

        CliRun taken = CliRun.of("build-data", "--model-dir", model.toString(), "--images",
                images.toString(), "--quiet", "--out", root.resolve("data").toString());
        byte[] bytes = Files.readAllBytes(images.resolve("t10k-images-idx3-ubyte"));
        Files.write(images.resolve("t10k-images-idx3-ubyte"),
                java.util.Arrays.copyOf(bytes, bytes.length - 100));
        CliRun truncated = CliRun.of("build-data", "--model-dir", model.toString(), "--images",
                images.toString(), "--quiet", "--out", root.resolve("other").toString());

        assertEquals(1, taken.status());
        assertTrue(taken.err().contains("already exists"), taken.err());
        assertEquals("keep", Files.readString(existing.resolve("keep.txt")));
        assertEquals(1, truncated.status());
        assertTrue(truncated.err().contains("truncated"), truncated.err());
        assertFalse(Files.exists(root.resolve("other/tiny")));
    }
}
