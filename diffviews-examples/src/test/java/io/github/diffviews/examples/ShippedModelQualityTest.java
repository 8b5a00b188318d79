package io.github.diffviews.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.diffviews.data.ClassLabels;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.evaluation.PixelKnnClassifier;
import io.github.diffviews.extraction.IdxImageSource;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import io.github.diffviews.training.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quality bar of the model shipped in {@code models/fashion-mnist}: a 5-nearest-neighbor
 * classifier on the 60,000 real training images (8-bit pixels at the model's 16×16, resized as
 * the data pipeline resizes them) labels its samples (Heun, 20 steps, guidance 1, 100 per class,
 * seed 1000 + class) as their class at least 70 % of the time, and real test images at least
 * 80 % of the time. Skipped only when Debian's {@code dataset-fashion-mnist} is not installed.
 */
class ShippedModelQualityTest {

    static final Path MODEL = Path.of("..", "models", "fashion-mnist");

    private static final int PER_CLASS = 100;
    private static final int TEST_IMAGES = 2000;

    private static PixelKnnClassifier knn;

    @BeforeAll
    static void fitClassifier() throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed (Debian package dataset-fashion-mnist puts it "
                        + "in " + FashionMnist.DEFAULT_DIRECTORY + "); skipping the quality bar");
        NetworkConfig network = networkOf(MODEL);
        knn = PixelKnnClassifier.builder().k(5).fit(FashionMnist.images(
                FashionMnist.DEFAULT_DIRECTORY, FashionMnist.TRAIN, network.imgResolution()),
                FashionMnist.CLASSES);
    }

    static NetworkConfig networkOf(Path model) throws IOException {
        ModelConfig config = ModelConfig.read(model.resolve("config.json"));
        return NetworkConfig.fromJson(config.network().orElseThrow());
    }

    @Test
    void shippedModel_samplesOfEachClass_areLabeledTheirClassAtLeast70Percent()
            throws IOException {
        NetworkConfig network = networkOf(MODEL);
        int[] correct = new int[FashionMnist.CLASSES];
        try (Denoiser denoiser = EngineProvider.defaultEngine().open(network,
                MODEL.resolve(FashionMnist.WEIGHTS_FILE), EngineOptions.defaults())) {
            for (int c = 0; c < FashionMnist.CLASSES; c++) {
                Tensor samples = FashionMnist.samples(denoiser, c, PER_CLASS, 1000 + c)
                        .result();
                for (int label : knn.classifyAll(samples)) {
                    correct[c] += label == c ? 1 : 0;
                }
            }
        }

        double accuracy = Arrays.stream(correct).sum() / (double) (PER_CLASS
                * FashionMnist.CLASSES);
        System.out.printf(Locale.ROOT, "Shipped model: %.1f %% of %d samples labeled as their "
                + "class; per class %s%n", 100 * accuracy, PER_CLASS * FashionMnist.CLASSES,
                Arrays.toString(correct));
        assertTrue(accuracy >= 0.70, "only " + accuracy + " of the samples are labeled as their "
                + "class; per class " + Arrays.toString(correct));
    }

    @Test
    void classifier_realTestImages_areLabeledRightAtLeast80Percent() throws IOException {
        NetworkConfig network = networkOf(MODEL);
        IdxImageSource test = FashionMnist.images(FashionMnist.DEFAULT_DIRECTORY,
                FashionMnist.TEST, network.imgResolution());
        List<Tensor> images = new ArrayList<>();
        int[] labels = new int[TEST_IMAGES];
        for (int i = 0; i < TEST_IMAGES; i++) {
            images.add(test.get(i).image());
            labels[i] = test.get(i).classId();
        }

        double accuracy = knn.accuracy(Tensor.stack(images.toArray(new Tensor[0])), labels);

        System.out.printf(Locale.ROOT, "Real test images: %.1f %% of the first %d%n",
                100 * accuracy, TEST_IMAGES);
        assertTrue(accuracy >= 0.80, "the classifier labels only " + accuracy
                + " of the real test images right");
    }

    @Test
    void shippedModel_files_areCompleteAndSmall() throws IOException {
        assertTrue(Files.size(MODEL.resolve(FashionMnist.WEIGHTS_FILE)) <= 8L << 20);
        ModelConfig config = ModelConfig.read(MODEL.resolve("config.json"));
        assertEquals(FashionMnist.WEIGHTS_FILE, config.weights().orElseThrow());
        assertEquals(FashionMnist.DATASET_TYPE, config.datasetType());
        assertEquals(20, config.defaultSteps());
        assertEquals(FashionMnist.network(), networkOf(MODEL));
        assertEquals(FashionMnist.CLASS_NAMES.get(0),
                ClassLabels.read(MODEL.resolve(ClassLabels.MODEL_FILE)).name(0));
        assertTrue(Files.isRegularFile(MODEL.resolve("samples.png")));
        assertTrue(Files.isRegularFile(MODEL.resolve("MODEL_CARD.md")));
    }
}
