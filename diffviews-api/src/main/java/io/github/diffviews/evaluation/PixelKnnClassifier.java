package io.github.diffviews.evaluation;

import io.github.diffviews.extraction.ImageSource;
import io.github.diffviews.extraction.LabeledImage;
import io.github.diffviews.generation.ImageBatch;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A k-nearest-neighbor classifier on raw pixels: an image gets the majority class of the
 * {@code k} reference images closest to it in squared Euclidean distance.
 *
 * <p>Images are compared as 8-bit pixels: every value in [-1, 1] is converted with
 * {@link ImageBatch#toUint8(float)}, the conversion used when samples are saved as PNG, so real
 * images and generated samples go through the same quantization. An optional centred square crop
 * compares only the middle of each image (for example the 28×28 original pixels of Fashion-MNIST
 * padded to 32×32). Ties in the vote go to the tied class whose nearest member is closest; ties
 * in distance to the reference read first.
 *
 * <p>Immutable and safe to share between threads. A query scans every reference (no index),
 * stopping a reference early once its partial distance exceeds the current k-th best; a batch of
 * queries runs in parallel on the common fork-join pool.
 */
public final class PixelKnnClassifier {

    private static final int CHUNK = 64;

    private final byte[][] references;
    private final int[] labels;
    private final int classCount;
    private final int k;
    private final int channels;
    private final int resolution;
    private final int crop;

    private PixelKnnClassifier(byte[][] references, int[] labels, int classCount, int k,
            int channels, int resolution, int crop) {
        this.references = references;
        this.labels = labels;
        this.classCount = classCount;
        this.k = k;
        this.channels = channels;
        this.resolution = resolution;
        this.crop = crop;
    }

    /**
     * Starts a classifier with k = 5 and no crop.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns k.
     *
     * @return the number of neighbors that vote
     */
    public int k() {
        return k;
    }

    /**
     * Returns the number of reference images.
     *
     * @return the count
     */
    public int size() {
        return references.length;
    }

    /**
     * Returns the side length of the centred crop that is compared.
     *
     * @return the crop, equal to the resolution when the whole image is compared
     */
    public int crop() {
        return crop;
    }

    /**
     * Classifies one image.
     *
     * @param image {@code (C, R, R)} in [-1, 1], shaped as the references
     * @return the class id
     * @throws IllegalArgumentException if the image has another shape
     */
    public int classify(Tensor image) {
        checkShape(image.shape(), 3);
        return classifyPixels(pixels(image.toFloatArray(), 0));
    }

    /**
     * Classifies a batch of images, in parallel.
     *
     * @param images {@code (N, C, R, R)} in [-1, 1]
     * @return the class id of each image
     * @throws IllegalArgumentException if the images have another shape
     */
    public int[] classifyAll(Tensor images) {
        int[] shape = images.shape();
        checkShape(shape, 4);
        float[] values = images.toFloatArray();
        int size = channels * resolution * resolution;
        return IntStream.range(0, shape[0]).parallel()
                .map(i -> classifyPixels(pixels(values, i * size))).toArray();
    }

    /**
     * Returns the share of images classified as their given class.
     *
     * @param images {@code (N, C, R, R)} in [-1, 1]
     * @param expected the class each image should get
     * @return the accuracy in [0, 1]
     * @throws IllegalArgumentException if the shapes or counts disagree
     */
    public double accuracy(Tensor images, int[] expected) {
        int[] predicted = classifyAll(images);
        if (predicted.length != expected.length) {
            throw new IllegalArgumentException(predicted.length + " images but "
                    + expected.length + " expected classes");
        }
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == expected[i]) {
                correct++;
            }
        }
        return correct / (double) predicted.length;
    }

    private void checkShape(int[] shape, int rank) {
        boolean fits = shape.length == rank && shape[rank - 3] == channels
                && shape[rank - 2] == resolution && shape[rank - 1] == resolution;
        if (!fits) {
            throw new IllegalArgumentException("Expected " + (rank == 4 ? "(N, " : "(")
                    + channels + ", " + resolution + ", " + resolution + ") images like the "
                    + "references, found " + Arrays.toString(shape));
        }
    }

    private byte[] pixels(float[] values, int offset) {
        return quantize(values, offset, channels, resolution, crop);
    }

    private static byte[] quantize(float[] values, int offset, int channels, int resolution,
            int crop) {
        byte[] pixels = new byte[channels * crop * crop];
        int margin = (resolution - crop) / 2;
        int index = 0;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < crop; y++) {
                int row = offset + (c * resolution + y + margin) * resolution + margin;
                for (int x = 0; x < crop; x++) {
                    pixels[index++] = (byte) ImageBatch.toUint8(values[row + x]);
                }
            }
        }
        return pixels;
    }

    private int classifyPixels(byte[] query) {
        int[] bestIndex = new int[k];
        long[] bestDistance = new long[k];
        Arrays.fill(bestIndex, -1);
        Arrays.fill(bestDistance, Long.MAX_VALUE);
        for (int r = 0; r < references.length; r++) {
            long distance = distance(query, references[r], bestDistance[k - 1]);
            if (distance < bestDistance[k - 1]) {
                int position = k - 1;
                while (position > 0 && bestDistance[position - 1] > distance) {
                    bestDistance[position] = bestDistance[position - 1];
                    bestIndex[position] = bestIndex[position - 1];
                    position--;
                }
                bestDistance[position] = distance;
                bestIndex[position] = r;
            }
        }
        return vote(bestIndex);
    }

    /** Squared distance, or any value above {@code bound} once the sum passes it. */
    private static long distance(byte[] a, byte[] b, long bound) {
        long sum = 0;
        for (int start = 0; start < a.length; start += CHUNK) {
            int end = Math.min(start + CHUNK, a.length);
            int partial = 0;
            for (int i = start; i < end; i++) {
                int d = (a[i] & 0xff) - (b[i] & 0xff);
                partial += d * d;
            }
            sum += partial;
            if (sum > bound) {
                return sum;
            }
        }
        return sum;
    }

    private int vote(int[] neighbors) {
        int[] votes = new int[classCount];
        int[] firstRank = new int[classCount];
        Arrays.fill(firstRank, Integer.MAX_VALUE);
        for (int rank = 0; rank < neighbors.length; rank++) {
            if (neighbors[rank] < 0) {
                continue;
            }
            int label = labels[neighbors[rank]];
            votes[label]++;
            firstRank[label] = Math.min(firstRank[label], rank);
        }
        int winner = 0;
        for (int c = 1; c < classCount; c++) {
            if (votes[c] > votes[winner]
                    || (votes[c] == votes[winner] && firstRank[c] < firstRank[winner])) {
                winner = c;
            }
        }
        return winner;
    }

    /** Builds a {@link PixelKnnClassifier} from labeled reference images. */
    public static final class Builder {

        private int k = 5;
        private int crop;

        private Builder() {
        }

        /**
         * Sets k (default 5).
         *
         * @param value at least 1
         * @return this builder
         * @throws IllegalArgumentException if the value is below 1
         */
        public Builder k(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("k = " + value + ", expected at least 1");
            }
            k = value;
            return this;
        }

        /**
         * Compares only a centred square of the images (default: the whole image).
         *
         * @param size the side length, at least 1, of the same parity as the resolution
         * @return this builder
         * @throws IllegalArgumentException if the size is below 1
         */
        public Builder centerCrop(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("Crop " + size + ", expected at least 1");
            }
            crop = size;
            return this;
        }

        /**
         * Reads every image of a source as a reference.
         *
         * @param source labeled images {@code (C, R, R)} in [-1, 1]
         * @param classCount the number of classes; labels must lie in [0, classCount)
         * @return the classifier
         * @throws IOException if an image cannot be read
         * @throws IllegalArgumentException if the source is empty, an image has another shape
         *     than the first, a label is out of range, or the crop does not fit
         */
        public PixelKnnClassifier fit(ImageSource source, int classCount) throws IOException {
            Objects.requireNonNull(source, "source");
            int count = source.size();
            if (count < 1) {
                throw new IllegalArgumentException("The image source " + source.description()
                        + " holds no reference images");
            }
            int[] shape = source.get(0).image().shape();
            int resolution = shape[shape.length - 1];
            int channels = shape[0];
            int size = checkCrop(resolution);
            byte[][] references = new byte[count][];
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                LabeledImage image = source.get(i);
                if (!Arrays.equals(image.image().shape(), shape)) {
                    throw new IllegalArgumentException("Reference " + image.source()
                            + " has shape " + Arrays.toString(image.image().shape())
                            + ", the first " + Arrays.toString(shape));
                }
                labels[i] = checkLabel(image.classId(), classCount, image.source());
                references[i] = quantize(image.image().toFloatArray(), 0, channels, resolution,
                        size);
            }
            return new PixelKnnClassifier(references, labels, classCount, k, channels,
                    resolution, size);
        }

        /**
         * Uses images in memory as references.
         *
         * @param images {@code (N, C, R, R)} in [-1, 1]
         * @param labels N class ids in [0, classCount)
         * @param classCount the number of classes
         * @return the classifier
         * @throws IllegalArgumentException if the shapes disagree, a label is out of range or
         *     the crop does not fit
         */
        public PixelKnnClassifier fit(Tensor images, int[] labels, int classCount) {
            int[] shape = images.shape();
            if (shape.length != 4 || shape[2] != shape[3] || shape[0] < 1) {
                throw new IllegalArgumentException("Reference images must be a non-empty "
                        + "(N, C, R, R) tensor, found " + Arrays.toString(shape));
            }
            if (labels.length != shape[0]) {
                throw new IllegalArgumentException(labels.length + " labels for " + shape[0]
                        + " reference images");
            }
            int size = checkCrop(shape[3]);
            float[] values = images.toFloatArray();
            int stride = shape[1] * shape[2] * shape[3];
            byte[][] references = new byte[shape[0]][];
            int[] copied = new int[labels.length];
            for (int i = 0; i < shape[0]; i++) {
                copied[i] = checkLabel(labels[i], classCount, "reference " + i);
                references[i] = quantize(values, i * stride, shape[1], shape[3], size);
            }
            return new PixelKnnClassifier(references, copied, classCount, k, shape[1],
                    shape[3], size);
        }

        private int checkCrop(int resolution) {
            int size = crop == 0 ? resolution : crop;
            if (size > resolution || (resolution - size) % 2 != 0) {
                throw new IllegalArgumentException("A centred crop of " + size + " does not "
                        + "fit images of " + resolution + " (it must be at most as large and "
                        + "leave equal margins)");
            }
            return size;
        }

        private static int checkLabel(int label, int classCount, String where) {
            if (label < 0 || label >= classCount) {
                throw new IllegalArgumentException("The label of " + where + " is " + label
                        + ", expected 0 to " + (classCount - 1));
            }
            return label;
        }
    }
}
