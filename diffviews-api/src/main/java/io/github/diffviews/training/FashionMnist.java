package io.github.diffviews.training;

import io.github.diffviews.data.ClassLabels;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.extraction.IdxImageSource;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.ImageBatch;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.generation.NoiseMode;
import io.github.diffviews.generation.Sampler;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.network.NetworkConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 70,000 grey 28×28 images of clothing in ten
 * classes, 60,000 for training ({@code train-*}) and 10,000 for testing ({@code t10k-*}), as
 * IDX files. Debian's {@code dataset-fashion-mnist} package installs them in
 * {@link #DEFAULT_DIRECTORY}.
 *
 * <p>This class names the classes, opens a split at a network's resolution (28×28 images are
 * centred on a background of −1 to reach 32×32, and resized to smaller sizes) and describes the
 * network of the model this project trains and ships.
 */
public final class FashionMnist {

    /** Where Debian's {@code dataset-fashion-mnist} puts the IDX files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** The training split's file prefix. */
    public static final String TRAIN = "train";

    /** The test split's file prefix. */
    public static final String TEST = "t10k";

    /** The dataset type of the model's data directories ({@code dataset_type}). */
    public static final String DATASET_TYPE = "fashion_mnist";

    /** The weights file name in a model directory. */
    public static final String WEIGHTS_FILE = "model.safetensors";

    /** The number of sampling steps of the shipped model's config and of its quality test. */
    public static final int DEFAULT_STEPS = 20;

    /** The number of classes. */
    public static final int CLASSES = 10;

    /** The class names by id. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser",
            "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /**
     * Returns the class names as {@link ClassLabels}.
     *
     * @return the ten labels
     */
    public static ClassLabels classLabels() {
        Map<Integer, String> names = new LinkedHashMap<>();
        for (int i = 0; i < CLASS_NAMES.size(); i++) {
            names.put(i, CLASS_NAMES.get(i));
        }
        return ClassLabels.of(names, "Fashion-MNIST");
    }

    /**
     * Opens one split as labeled images.
     *
     * @param directory the directory of the IDX files (plain or {@code .gz})
     * @param split {@link #TRAIN} or {@link #TEST}
     * @param resolution the side length of the images returned
     * @return the images, {@code (1, resolution, resolution)} in [-1, 1]
     * @throws io.github.diffviews.io.DataFormatException if a file is missing, truncated or not
     *     an IDX file of the expected shape
     * @throws IOException if a file cannot be read
     */
    public static IdxImageSource images(Path directory, String split, int resolution)
            throws IOException {
        return IdxImageSource.openSplit(directory, split, resolution, 1);
    }

    /**
     * Opens one split as training data.
     *
     * @param directory the directory of the IDX files (plain or {@code .gz})
     * @param split {@link #TRAIN} or {@link #TEST}
     * @param resolution the side length of the images
     * @return the data, with {@link #CLASSES} classes
     * @throws io.github.diffviews.io.DataFormatException if a file is missing, truncated or not
     *     an IDX file of the expected shape
     * @throws IOException if a file cannot be read
     */
    public static TrainingData trainingData(Path directory, String split, int resolution)
            throws IOException {
        return TrainingData.of(images(directory, split, resolution), CLASSES);
    }

    /**
     * Returns the network of the shipped model: a class-conditional EDM {@code DhariwalUNet}
     * for 16×16×1 images (the 28×28 images resized), 32 base channels with multipliers 1-2-2,
     * one residual block per level, attention at 4×4, σ_data 0.5, no dropout and a label
     * dropout of 0.1 (so the zero label, the unconditional input of classifier-free guidance,
     * is trained too). The model card in {@code models/fashion-mnist} gives the measured step
     * times behind this size and resolution.
     *
     * @return the configuration
     */
    public static NetworkConfig network() {
        return NetworkConfig.builder().imgResolution(16).imgChannels(1).labelDim(CLASSES)
                .sigmaMin(0.002).sigmaMax(80).sigmaData(0.5).modelChannels(32)
                .channelMult(1, 2, 2).channelMultEmb(4).numBlocks(1).attnResolutions(4)
                .dropout(0).labelDropout(0.1).build();
    }

    /**
     * Returns the {@code config.json} of a Fashion-MNIST model directory: adapter
     * {@code edm-fashion-mnist-<resolution>}, the weights file, the network section, 20 default
     * steps over the full noise range (noise level 100 to 0, σ 80 to 0.002), guidance 1 and
     * dataset type {@value #DATASET_TYPE}.
     *
     * @param network the network
     * @param weightsFile the weights file name, relative to the model directory
     * @return the configuration
     */
    public static ModelConfig modelConfig(NetworkConfig network, String weightsFile) {
        return ModelConfig.builder().adapter("edm-fashion-mnist-" + network.imgResolution())
                .weights(weightsFile).network(network.toJson()).defaultSteps(DEFAULT_STEPS)
                .noiseRange(100, 0).defaultGuidance(1.0).conditioningType("class")
                .datasetType(DATASET_TYPE).build();
    }

    /**
     * Writes a model directory that {@code Visualizer} and the data pipeline read: the weights
     * as {@value #WEIGHTS_FILE}, {@code config.json} ({@link #modelConfig}) and
     * {@value ClassLabels#MODEL_FILE}. Each file is replaced atomically.
     *
     * @param directory the model directory; created if missing
     * @param network the network the weights belong to
     * @param weights a safetensors file of the network's weights, for example a trainer's EMA
     * @throws IOException if a file cannot be written
     */
    public static void writeModelDirectory(Path directory, NetworkConfig network, Path weights)
            throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(WEIGHTS_FILE);
        if (!Files.exists(target) || !Files.isSameFile(weights, target)) {
            AtomicFiles.write(target, out -> Files.copy(weights, out));
        }
        modelConfig(network, WEIGHTS_FILE).write(directory.resolve("config.json"));
        classLabels().write(directory.resolve(ClassLabels.MODEL_FILE));
    }

    /**
     * Generates a grid of samples, one row per class and {@code columns} samples per row, with
     * EDM's Heun sampler over {@value #DEFAULT_STEPS} steps from σ 80 to 0.002, guidance 1 and
     * a fixed seed.
     *
     * @param denoiser the model
     * @param columns samples per class
     * @param seed the seed of the noise
     * @return the grid as a grey image, each sample at its resolution with a 2-pixel gap
     */
    public static BufferedImage sampleGrid(Denoiser denoiser, int columns, long seed) {
        int resolution = denoiser.config().imgResolution();
        int gap = 2;
        int cell = resolution + gap;
        BufferedImage grid = new BufferedImage(columns * cell + gap, CLASSES * cell + gap,
                BufferedImage.TYPE_BYTE_GRAY);
        for (int row = 0; row < CLASSES; row++) {
            ImageBatch images = samples(denoiser, row, columns, seed + row).images();
            for (int column = 0; column < columns; column++) {
                BufferedImage sample = images.toBufferedImage(column);
                for (int y = 0; y < resolution; y++) {
                    for (int x = 0; x < resolution; x++) {
                        grid.setRGB(gap + column * cell + x, gap + row * cell + y,
                                sample.getRGB(x, y));
                    }
                }
            }
        }
        return grid;
    }

    /**
     * Generates samples of one class the way the model card and the quality test do: EDM's
     * Heun sampler over {@value #DEFAULT_STEPS} steps from σ 80 to 0.002, guidance 1.
     *
     * @param denoiser the model
     * @param classId the class
     * @param count the number of samples, generated as one batch
     * @param seed the seed of the noise
     * @return the generation
     */
    public static Generation samples(Denoiser denoiser, int classId, int count, long seed) {
        return MultistepGenerator.builder().steps(DEFAULT_STEPS).sigmaRange(80, 0.002)
                .sampler(Sampler.HEUN).guidance(1.0).classLabel(classId).batchSize(count)
                .seed(seed).noiseMode(NoiseMode.FIXED).build().generate(denoiser);
    }
}
