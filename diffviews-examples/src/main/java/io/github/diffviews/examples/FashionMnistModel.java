package io.github.diffviews.examples;

import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.evaluation.PixelKnnClassifier;
import io.github.diffviews.extraction.IdxImageSource;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import io.github.diffviews.training.FashionMnist;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Turns trained EMA weights into the shipped model directory and measures it.
 *
 * <p>Writes {@code model.safetensors}, {@code config.json}, {@code class_labels.json} and
 * {@code samples.png} (ten samples per class, Heun, 20 steps, guidance 1, seed 0, drawn at
 * twice their size) into the output directory; then, unless {@code --no-evaluate}, labels
 * {@code --per-class} samples of each class (seed 1000 + class) with a 5-nearest-neighbor
 * classifier on the 60,000 real training images at the model's resolution, and the real test
 * images with the same classifier, and prints both accuracies.
 *
 * <pre>
 * java -cp ... io.github.diffviews.examples.FashionMnistModel --weights runs/ema.safetensors \
 *     --out models/fashion-mnist [--data /usr/share/datasets/fashion-mnist] [--per-class 100] \
 *     [--test-images 10000] [--threads 2] [--no-evaluate]
 * </pre>
 */
public final class FashionMnistModel {

    private FashionMnistModel() {
    }

    /**
     * Writes and evaluates the model directory.
     *
     * @param args the options above
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path weights = null;
        Path out = null;
        Path data = FashionMnist.DEFAULT_DIRECTORY;
        int perClass = 100;
        int testImages = 10_000;
        int threads = 2;
        boolean evaluate = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--weights" -> weights = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--per-class" -> perClass = Integer.parseInt(args[++i]);
                case "--test-images" -> testImages = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--no-evaluate" -> evaluate = false;
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (weights == null || out == null) {
            throw new IllegalArgumentException("--weights FILE and --out DIR are required");
        }

        NetworkConfig network = FashionMnist.network();
        FashionMnist.writeModelDirectory(out, network, weights);
        try (Denoiser denoiser = EngineProvider.defaultEngine().open(network,
                out.resolve(FashionMnist.WEIGHTS_FILE), EngineOptions.of("cpu", threads))) {
            long start = System.nanoTime();
            BufferedImage grid = FashionMnist.sampleGrid(denoiser, 10, 0);
            ImageIO.write(scale(grid, 2), "png", out.resolve("samples.png").toFile());
            System.out.printf(Locale.ROOT, "Wrote %s (%.1f s)%n", out.resolve("samples.png"),
                    (System.nanoTime() - start) / 1e9);
            if (evaluate) {
                evaluate(denoiser, data, perClass, testImages);
            }
        }
    }

    private static void evaluate(Denoiser denoiser, Path data, int perClass, int testImages)
            throws IOException {
        int resolution = denoiser.config().imgResolution();
        long start = System.nanoTime();
        PixelKnnClassifier knn = PixelKnnClassifier.builder().k(5).fit(
                FashionMnist.images(data, FashionMnist.TRAIN, resolution), FashionMnist.CLASSES);
        System.out.printf(Locale.ROOT, "k-NN on %d training images at %d×%d (%.1f s)%n",
                knn.size(), resolution, resolution, (System.nanoTime() - start) / 1e9);

        start = System.nanoTime();
        int correct = 0;
        int[] perClassCorrect = new int[FashionMnist.CLASSES];
        for (int c = 0; c < FashionMnist.CLASSES; c++) {
            Tensor samples = FashionMnist.samples(denoiser, c, perClass, 1000 + c).result();
            for (int label : knn.classifyAll(samples)) {
                if (label == c) {
                    correct++;
                    perClassCorrect[c]++;
                }
            }
        }
        int total = perClass * FashionMnist.CLASSES;
        System.out.printf(Locale.ROOT, "Generated: %d of %d (%.1f %%) labeled as their class "
                + "(%.1f s); per class %s%n", correct, total, 100.0 * correct / total,
                (System.nanoTime() - start) / 1e9, java.util.Arrays.toString(perClassCorrect));

        start = System.nanoTime();
        IdxImageSource test = FashionMnist.images(data, FashionMnist.TEST, resolution);
        int count = Math.min(testImages, test.size());
        List<Tensor> images = new ArrayList<>();
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            images.add(test.get(i).image());
            labels[i] = test.get(i).classId();
        }
        double accuracy = knn.accuracy(Tensor.stack(images.toArray(new Tensor[0])), labels);
        System.out.printf(Locale.ROOT, "Real test images: %.1f %% of %d (%.1f s)%n",
                100 * accuracy, count, (System.nanoTime() - start) / 1e9);
    }

    private static BufferedImage scale(BufferedImage image, int factor) {
        BufferedImage scaled = new BufferedImage(image.getWidth() * factor,
                image.getHeight() * factor, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                    RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            graphics.drawImage(image, 0, 0, scaled.getWidth(), scaled.getHeight(), null);
        } finally {
            graphics.dispose();
        }
        return scaled;
    }

    static boolean exists(Path path) {
        return Files.exists(path);
    }
}
