package io.github.diffviews;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.data.Activations;
import io.github.diffviews.io.DType;
import io.github.diffviews.io.Npy;
import io.github.diffviews.testing.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads directories laid out byte for byte as the Python tool wrote them, not through this
 * library's writer.
 */
class PythonLayoutTest {

    @TempDir
    Path root;

    @Test
    void open_phaseFiveDemoLayout_readsFastFormatWithSidecar() throws IOException {
        Path model = root.resolve("dmd2");
        Json.write(model.resolve("config.json"), "{\"adapter\": \"dmd2-imagenet-64\", "
                + "\"checkpoint\": \"checkpoints/dmd2-imagenet-64-10step.pkl\", "
                + "\"default_steps\": 5, \"sigma_max\": 80.0, \"sigma_min\": 0.5}");
        StringBuilder csv = new StringBuilder("sample_id,class_label,class_name,image_path,"
                + "conditioning_sigma,activation_path,batch_index,umap_x,umap_y\n");
        int[] classes = {88, 930, 2};
        for (int i = 0; i < 3; i++) {
            csv.append(String.format(Locale.ROOT, "sample_%06d,%d,%s,"
                    + "images/imagenet_real/sample_%06d.png,80.0,"
                    + "activations/imagenet_real/batch_000000,%d,%.3f,%.3f\n", i, classes[i],
                    i == 0 ? "macaw" : i == 1 ? "French_loaf" : "great_white_shark", i, i,
                    i * 1.5, -i * 0.5));
        }
        Files.createDirectories(model.resolve("embeddings"));
        Files.writeString(model.resolve("embeddings/demo_embeddings.csv"), csv);
        Json.write(model.resolve("embeddings/demo_embeddings.json"), "{\"n_neighbors\": 15, "
                + "\"min_dist\": 0.1, \"layers\": [\"encoder_bottleneck\", \"midblock\"], "
                + "\"model\": \"imagenet_real\"}");
        float[] values = new float[3 * 10];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        Npy.write(model.resolve("activations/imagenet_real/batch_000000.npy"), values,
                DType.FLOAT32, 3, 10);
        Json.write(model.resolve("activations/imagenet_real/batch_000000.npy.json"),
                "{\"layers\": [\"encoder_bottleneck\", \"midblock\"], \"shapes\": "
                        + "{\"encoder_bottleneck\": [3, 6], \"midblock\": [3, 4]}, "
                        + "\"total_features\": 10, \"num_samples\": 3}");
        Json.write(model.resolve("metadata/imagenet_real/dataset_info.json"),
                "{\"samples\": [{}, {}, {}], \"layer_shapes\": {\"encoder_bottleneck\": [6]}, "
                        + "\"num_samples\": 3}");

        Visualizer visualizer = Visualizer.open(root);
        ModelData data = visualizer.model("dmd2");

        assertEquals("dmd2", visualizer.defaultModel());
        assertEquals(3, data.size());
        assertEquals("macaw", data.className(0));
        assertEquals("French_loaf", data.classNameOf(930));
        assertEquals(0.5, data.config().defaultSigmaMin());
        Activations activations = data.activations().get();
        assertEquals(6, activations.layout().get().slice("midblock").offset());
        assertArrayEquals(new float[] {26, 27, 28, 29}, sliceOf(activations, 2, 6, 4));
        assertEquals(3, data.datasetInfo().get().sampleCount().getAsInt());
    }

    @Test
    void open_legacyNpzBatches_concatenatesSortedLayersAndBatches() throws IOException {
        Path model = root.resolve("edm");
        Json.write(model.resolve("config.json"), "{\"adapter\": \"edm-imagenet-64\"}");
        Files.createDirectories(model.resolve("embeddings"));
        StringBuilder csv = new StringBuilder(",sample_id,class_label,activation_path,"
                + "batch_index,umap_x,umap_y\n");
        for (int i = 0; i < 5; i++) {
            int batch = i < 3 ? 0 : 1;
            csv.append(i).append(",s").append(i)
                    .append(",1,activations/imagenet_real/batch_00000").append(batch)
                    .append(',').append(batch == 0 ? i : i - 3).append(",0.").append(i)
                    .append(",1.0\n");
        }
        Files.writeString(model.resolve("embeddings/embeddings.csv"), csv);
        // Layers are stored 4-D (B, C, H, W) and must be flattened, midblock after encoder.
        writeNpz(model.resolve("activations/imagenet_real/batch_000000.npz"), Map.of(
                "midblock", layer(3, 100), "encoder_bottleneck", layer(3, 0)));
        writeNpz(model.resolve("activations/imagenet_real/batch_000001.npz"), Map.of(
                "midblock", layer(2, 300), "encoder_bottleneck", layer(2, 200)));

        ModelData data = Visualizer.open(root).model("edm");

        Activations activations = data.activations().get();
        assertEquals(List.of("encoder_bottleneck", "midblock"),
                activations.layout().get().layers());
        assertEquals(5, activations.rows());
        assertEquals(16, activations.width());
        float[] expected = {204, 205, 206, 207, 208, 209, 210, 211, 304, 305, 306, 307, 308,
            309, 310, 311};
        assertArrayEquals(expected, activations.matrix().row(4));
        assertEquals("goldfish", data.className(0), "bundled ImageNet names by default");
        assertTrue(data.samples().table().has(""), "pandas' unnamed index column is kept");
    }

    @Test
    void open_rootClassIndex_namesClassesWithoutClassNameColumn() throws IOException {
        Path model = root.resolve("dmd2");
        Json.write(model.resolve("config.json"), "{}");
        Files.createDirectories(model.resolve("embeddings"));
        Files.writeString(model.resolve("embeddings/demo_embeddings.csv"),
                "sample_id,umap_x,umap_y,class_label,image_path\na,0,0,207,\nb,1,1,0,\n");
        Json.write(root.resolve("imagenet_standard_class_index.json"),
                "{\"0\": [\"n01440764\", \"tench\"], \"207\": [\"n02099601\", \"retriever\"]}");

        ModelData data = Visualizer.open(root).model("dmd2");

        assertEquals("retriever", data.className(0));
        assertEquals("tench", data.className(1), "class 0 is a class, not 'random'");
        assertTrue(data.activations().isEmpty());
    }

    private static float[] layer(int batch, int start) {
        float[] values = new float[batch * 8];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < 8; j++) {
                values[b * 8 + j] = start + b * 4 + j; // rows overlap on purpose: 0-7, 4-11
            }
        }
        return values;
    }

    private static void writeNpz(Path file, Map<String, float[]> layers) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, float[]> layer : layers.entrySet()) {
                zip.putNextEntry(new ZipEntry(layer.getKey() + ".npy"));
                int batch = layer.getValue().length / 8;
                zip.write(Npy.encode(layer.getValue(), DType.FLOAT32, batch, 2, 2, 2));
                zip.closeEntry();
            }
        }
    }

    private static float[] sliceOf(Activations activations, int row, int from, int length) {
        float[] values = new float[length];
        activations.matrix().copyRow(row, from, values, 0, length);
        return values;
    }
}
