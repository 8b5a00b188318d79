package io.github.diffviews.benchmarks;

import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.data.ClassLabels;
import io.github.diffviews.data.DataDirectoryWriter;
import io.github.diffviews.data.EmbeddingParameters;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.data.ModelDirectory;
import io.github.diffviews.tensor.FloatMatrix;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Generates the synthetic data directories the benchmarks open: {@code samples} samples in 16
 * Gaussian clusters, float32 activations split into two layers, 2-D map coordinates, no images.
 * A directory is written once and reused by later runs (and by the Python comparison scripts,
 * which read the same {@code .npy} file).
 */
public final class BenchmarkData {

    private BenchmarkData() {
    }

    /**
     * Returns a data directory whose activation file is sparse: the header and the file length
     * are written, the values are never stored (they read as zeros). It stands for a matrix of
     * many gigabytes that would take minutes to write, to measure what opening one costs.
     *
     * @param base the directory holding generated data directories
     * @param samples the number of samples
     * @param width the activation values per sample
     * @return the model directory
     * @throws IOException if writing fails
     */
    public static Path ensureSparse(Path base, int samples, int width) throws IOException {
        Path model = base.resolve(String.format(Locale.ROOT, "sparse-%d-%d", samples, width));
        if (ModelDirectory.isModel(model)) {
            return model;
        }
        Path staging = base.resolve(".staging-" + model.getFileName());
        ModelConfig.builder().adapter("synthetic").build().write(staging.resolve("config.json"));
        StringBuilder csv = new StringBuilder("sample_id,class_label,umap_x,umap_y\n");
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < samples; i++) {
            csv.append(String.format(Locale.ROOT, "sample_%06d,%d,%.5f,%.5f%n", i, i % 16,
                    random.nextGaussian(), random.nextGaussian()));
        }
        Files.createDirectories(staging.resolve("embeddings"));
        Files.writeString(staging.resolve("embeddings/embeddings.csv"), csv);
        Path npy = staging.resolve("activations/imagenet_real/batch_000000.npy");
        Files.createDirectories(npy.getParent());
        byte[] header = io.github.diffviews.io.NpyHeader.of(io.github.diffviews.io.DType.FLOAT32,
                samples, width).encode();
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(npy.toFile(), "rw")) {
            file.write(header);
            file.setLength(header.length + 4L * samples * width);
        }
        Files.move(staging, model);
        return model;
    }

    /**
     * Returns the data directory for a size, writing it first if it does not exist.
     *
     * @param base the directory holding generated data directories
     * @param samples the number of samples
     * @param width the activation values per sample (even)
     * @return the model directory
     * @throws IOException if writing fails
     */
    public static Path ensure(Path base, int samples, int width) throws IOException {
        Path model = base.resolve(String.format(Locale.ROOT, "synthetic-%d-%d", samples, width));
        if (ModelDirectory.isModel(model)) {
            return model;
        }

        SplittableRandom random = new SplittableRandom(20261204L);
        int classes = 16;
        float[][] centers = new float[classes][width];
        for (float[] center : centers) {
            for (int j = 0; j < width; j++) {
                center[j] = (float) random.nextGaussian() * 3f;
            }
        }
        Map<String, Integer> layers = new TreeMap<>();
        layers.put("encoder_bottleneck", width / 2);
        layers.put("midblock", width - width / 2);
        Map<Integer, String> names = new TreeMap<>();
        for (int c = 0; c < classes; c++) {
            names.put(c, "cluster_" + c);
        }

        ModelConfig config = ModelConfig.builder().adapter("synthetic").defaultSteps(5).build();
        float[] coordinates = new float[samples * 2];
        float[] row = new float[width];
        try (DataDirectoryWriter writer = DataDirectoryWriter.create(model, config,
                ActivationLayout.sorted(layers))) {
            writer.classLabels(ClassLabels.of(names, "synthetic"));
            for (int i = 0; i < samples; i++) {
                int classId = i % classes;
                for (int j = 0; j < width; j++) {
                    row[j] = centers[classId][j] + (float) random.nextGaussian();
                }
                coordinates[2 * i] = (float) (classId % 4 * 10 + random.nextGaussian());
                coordinates[2 * i + 1] = (float) (classId / 4 * 10 + random.nextGaussian());
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("sample_id", String.format(Locale.ROOT, "sample_%06d", i));
                metadata.put("class_label", classId);
                metadata.put("class_name", names.get(classId));
                metadata.put("conditioning_sigma", 80.0);
                writer.addSample(metadata, row, null);
            }
            writer.embeddings("embeddings", FloatMatrix.wrap(coordinates, samples, 2),
                    EmbeddingParameters.of(new ObjectMapper().createObjectNode()
                            .set("layers", new ObjectMapper().valueToTree(
                                    List.copyOf(layers.keySet())))));
            writer.commit();
        }
        Files.createDirectories(base);
        return model;
    }
}
