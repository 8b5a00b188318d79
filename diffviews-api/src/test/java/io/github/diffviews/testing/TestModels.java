package io.github.diffviews.testing;

import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.data.ClassLabels;
import io.github.diffviews.data.DataDirectoryWriter;
import io.github.diffviews.data.EmbeddingParameters;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes small model directories with random but reproducible content for tests, through the
 * library's own writer. Shared with the other modules' tests through the test jar.
 */
public final class TestModels {

    private final String name;
    private int samples = 20;
    private int classes = 10;
    private Map<String, Integer> layers = new TreeMap<>(Map.of("encoder_bottleneck", 12,
            "midblock", 8));
    private long seed = 7;
    private boolean images = true;
    private int imageSize = 64;
    private int mapDimensions = 2;
    private String adapter = ModelConfig.DEFAULT_ADAPTER;
    private com.fasterxml.jackson.databind.node.ObjectNode network;
    private String weights;

    private TestModels(String name) {
        this.name = name;
    }

    /**
     * Starts a model with the given name.
     *
     * @param name the model directory name
     * @return the builder
     */
    public static TestModels model(String name) {
        return new TestModels(name);
    }

    /** Sets the number of samples. */
    public TestModels samples(int count) {
        this.samples = count;
        return this;
    }

    /** Sets the number of classes; class ids are 0..count-1, assigned round robin. */
    public TestModels classes(int count) {
        this.classes = count;
        return this;
    }

    /** Sets the layers and their flattened sizes; null writes no activations. */
    public TestModels layers(Map<String, Integer> sizes) {
        this.layers = sizes == null ? null : new TreeMap<>(sizes);
        return this;
    }

    /** Sets the random seed. */
    public TestModels seed(long value) {
        this.seed = value;
        return this;
    }

    /** Chooses whether to write images. */
    public TestModels images(boolean write) {
        this.images = write;
        return this;
    }

    /** Sets the image side in pixels. */
    public TestModels imageSize(int side) {
        this.imageSize = side;
        return this;
    }

    /** Sets the map dimensions, 2 or 3. */
    public TestModels mapDimensions(int dimensions) {
        this.mapDimensions = dimensions;
        return this;
    }

    /**
     * Records a network section and a weights path in config.json (the test writes the weights
     * file itself, for example with the torch module's random weights).
     */
    public TestModels network(com.fasterxml.jackson.databind.node.ObjectNode section,
            String weightsPath) {
        this.network = section;
        this.weights = weightsPath;
        return this;
    }

    /** Sets the adapter name written to config.json. */
    public TestModels adapter(String name) {
        this.adapter = name;
        return this;
    }

    /**
     * Writes the model under a root directory.
     *
     * @param root the data root
     * @return the model directory
     */
    public Path writeUnder(Path root) {
        try {
            return write(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path write(Path directory) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ModelConfig.Builder configBuilder = ModelConfig.builder().adapter(adapter).defaultSteps(5)
                .noiseRange(100, 52);
        if (network != null) {
            configBuilder.network(network).weights(weights);
        }
        ModelConfig config = configBuilder.build();
        ActivationLayout layout = layers == null ? null : ActivationLayout.sorted(layers);

        Map<Integer, String> names = new TreeMap<>();
        for (int c = 0; c < classes; c++) {
            names.put(c, "class_" + c);
        }
        float[] coordinates = new float[samples * mapDimensions];
        try (DataDirectoryWriter writer = DataDirectoryWriter.create(directory, config,
                layout)) {
            writer.classLabels(ClassLabels.of(names, "test"));
            for (int i = 0; i < samples; i++) {
                int classId = i % classes;
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("sample_id", String.format("sample_%06d", i));
                metadata.put("class_label", classId);
                metadata.put("class_name", names.get(classId));
                metadata.put("conditioning_sigma", 80.0);

                float[] row = null;
                if (layout != null) {
                    row = new float[layout.width()];
                    for (int j = 0; j < row.length; j++) {
                        row[j] = (float) (random.nextDouble() * 2 - 1 + classId);
                    }
                }
                for (int d = 0; d < mapDimensions; d++) {
                    coordinates[i * mapDimensions + d] = (float) (random.nextDouble() * 10
                            + classId);
                }
                writer.addSample(metadata, row, images ? image(random) : null);
            }
            writer.embeddings("demo_embeddings",
                    FloatMatrix.wrap(coordinates, samples, mapDimensions),
                    EmbeddingParameters.of(io.github.diffviews.testing.Json.object(
                            "n_neighbors", 15, "min_dist", 0.1, "layers",
                            layout == null ? java.util.List.of() : layout.layers())));
            return writer.commit();
        }
    }

    private BufferedImage image(SplittableRandom random) {
        BufferedImage image = new BufferedImage(imageSize, imageSize, BufferedImage.TYPE_INT_RGB);
        int color = random.nextInt(1 << 24);
        for (int y = 0; y < imageSize; y++) {
            for (int x = 0; x < imageSize; x++) {
                image.setRGB(x, y, color ^ (x * 3 + y * 5));
            }
        }
        return image;
    }
}
