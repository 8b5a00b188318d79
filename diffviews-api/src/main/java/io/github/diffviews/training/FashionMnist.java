package io.github.diffviews.training;

import io.github.diffviews.data.ClassLabels;
import io.github.diffviews.extraction.IdxImageSource;
import io.github.diffviews.network.NetworkConfig;
import java.io.IOException;
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
}
