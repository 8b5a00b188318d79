package io.github.diffviews.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.io.DType;
import io.github.diffviews.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryWriterTest {

    @TempDir
    Path root;

    private final ModelConfig config = ModelConfig.builder().adapter("edm-fashion-mnist")
            .datasetType("fashion_mnist").defaultSteps(20).noiseRange(100, 35).build();
    private final ActivationLayout layout = ActivationLayout.sorted(Map.of("midblock", 3,
            "encoder_bottleneck", 2));

    @Test
    void commit_writesTheLayoutThatOpensBackIdentically() throws IOException {
        Path target = root.resolve("fashion");
        try (DataDirectoryWriter writer = DataDirectoryWriter.create(target, config, layout,
                DType.FLOAT16)) {
            writer.classLabels(ClassLabels.of(Map.of(0, "T-shirt/top", 1, "Trouser"), "test"));
            for (int i = 0; i < 4; i++) {
                writer.addSample(metadata(i), new float[] {i, i + 0.5f, -i, 2 * i, 0.25f},
                        new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY));
            }
            writer.embeddings("embeddings", FloatMatrix.of(new float[][] {{0, 1}, {1, 1},
                {2, 0}, {3, 3}}), EmbeddingParameters.of(io.github.diffviews.testing.Json
                    .object("layers", List.of("encoder_bottleneck", "midblock"))));
            writer.commit();
        }

        assertEquals(List.of("activations/fashion_mnist/batch_000000.npy",
                "activations/fashion_mnist/batch_000000.npy.json", "class_labels.json",
                "config.json", "embeddings/embeddings.csv", "embeddings/embeddings.json",
                "images/fashion_mnist/sample_000000.png", "images/fashion_mnist/sample_000001.png",
                "images/fashion_mnist/sample_000002.png", "images/fashion_mnist/sample_000003.png",
                "metadata/fashion_mnist/dataset_info.json"), TestFiles.list(target));
        ModelData model = Visualizer.open(target).defaultModelData();
        assertEquals(4, model.size());
        assertEquals(config, model.config());
        assertEquals("Trouser", model.className(1));
        assertEquals(DType.FLOAT16, model.activations().get().dtype());
        assertArrayEquals(new float[] {3, 3.5f, -3, 6, 0.25f},
                model.activations().get().matrix().row(3));
        assertEquals(layout, model.activations().get().layout().get());
        assertEquals(3f, model.coordinates().get().get(3, 1));
        assertEquals(32, model.image(2).getWidth());
        assertEquals(54.0, model.samples().noiseLevel(2));
        assertEquals(4, model.datasetInfo().get().sampleCount().getAsInt());
        assertEquals(List.of("sample_id", "class_label", "class_name", "noise_level",
                "image_path", "activation_path", "batch_index", "umap_x", "umap_y"),
                model.samples().table().columnNames());
    }

    @Test
    void close_withoutCommit_leavesNothingBehind() throws IOException {
        Path target = root.resolve("aborted");
        try (DataDirectoryWriter writer = DataDirectoryWriter.create(target, config, layout)) {
            writer.addSample(metadata(0), new float[5], null);
        }

        assertFalse(Files.exists(target));
        try (var files = Files.list(root)) {
            assertEquals(0, files.count(), "the staging directory is deleted");
        }
    }

    @Test
    void commit_existingTarget_isRefusedUnlessReplacing() throws IOException {
        Path target = Files.createDirectories(root.resolve("taken"));
        Files.writeString(target.resolve("keep.txt"), "precious");

        try (DataDirectoryWriter writer = DataDirectoryWriter.create(target, config, null)) {
            writer.addSample(metadata(0), null, null);
            assertThrows(FileAlreadyExistsException.class, writer::commit);
        }
        assertEquals("precious", Files.readString(target.resolve("keep.txt")));

        try (DataDirectoryWriter writer = DataDirectoryWriter.create(target, config, null)) {
            writer.addSample(metadata(0), null, null);
            writer.replaceExisting(true).commit();
        }
        assertFalse(Files.exists(target.resolve("keep.txt")));
        assertTrue(Files.exists(target.resolve("config.json")));
    }

    @Test
    void addSample_wrongActivationWidth_isRejected() throws IOException {
        try (DataDirectoryWriter writer = DataDirectoryWriter.create(root.resolve("w"), config,
                layout)) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> writer.addSample(metadata(0), new float[4], null));
            assertTrue(error.getMessage().contains("5 values"), error.getMessage());
        }
    }

    @Test
    void create_parentIsAFile_failsNamingIt() throws IOException {
        Path file = Files.writeString(root.resolve("not-a-directory"), "x");

        IOException error = assertThrows(IOException.class,
                () -> DataDirectoryWriter.create(file.resolve("m"), config, layout));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    private static Map<String, Object> metadata(int i) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("sample_id", "fashion_" + i);
        metadata.put("class_label", i % 2);
        metadata.put("class_name", i % 2 == 0 ? "T-shirt/top" : "Trouser");
        metadata.put("noise_level", 54.0);
        return metadata;
    }
}
