package io.github.diffviews.torch;

import io.github.diffviews.generation.GaussianNoise;
import io.github.diffviews.training.TrainingData;
import io.github.diffviews.training.TrainingOptions;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The batches of a training run, each a pure function of the seed and the step, which is what
 * lets a resumed run repeat the run it continues exactly; the random state saved in a
 * checkpoint is the step.
 *
 * <p>Image order: the images are visited epoch after epoch, each epoch in its own permutation
 * (a Fisher–Yates shuffle drawn from a stream of the seed and the epoch); step {@code s} takes
 * the {@code B} images at positions {@code s·B} to {@code s·B + B − 1} of that endless sequence.
 * Noise: a {@link GaussianNoise} stream of the seed and the step gives, in this order, one
 * normal {@code n} per image for {@code σ = exp(P_mean + P_std · n)}, the noise {@code ε} of
 * every pixel, and one uniform per image for label dropout (a label is replaced by zeros, the
 * unconditional input, with the network's {@code label_dropout} probability; the uniform is
 * {@code nextInt(2^24) / 2^24}). The initial weights come from the stream of index 0 of stream
 * 0 ({@link WeightInit}).
 */
final class TrainingBatches {

    /** The stream of the initial weights. */
    static final long STREAM_INIT = 0;

    private static final long STREAM_ORDER = 1;
    private static final long STREAM_NOISE = 2;

    private final TrainingData data;
    private final TrainingOptions options;
    private final int labelDim;
    private final double labelDropout;
    private final int imageSize;
    private long epoch = -1;
    private int[] permutation;

    TrainingBatches(TrainingData data, TrainingOptions options, int labelDim,
            double labelDropout) {
        this.data = data;
        this.options = options;
        this.labelDim = labelDim;
        this.labelDropout = labelDropout;
        this.imageSize = data.channels() * data.resolution() * data.resolution();
    }

    /**
     * EDM's loss weight, {@code λ(σ) = (σ² + σ_data²) / (σ · σ_data)²}: the weight that makes
     * the loss of the preconditioned network's output unit-variance at every σ.
     */
    static double lossWeight(double sigma, double sigmaData) {
        return (sigma * sigma + sigmaData * sigmaData) / (sigma * sigmaData * sigma * sigmaData);
    }

    /** The seed of one random stream: a 64-bit mix of the run's seed, the stream and an index. */
    static long streamSeed(long seed, long stream, long index) {
        long h = seed * 0x9E3779B97F4A7C15L + stream * 0xC2B2AE3D27D4EB4FL + index;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** Returns the batch of a step (0-based). */
    Batch batch(long step) throws IOException {
        int batchSize = options.batchSize();
        float[] images = new float[batchSize * imageSize];
        int[] classIds = new int[batchSize];
        for (int j = 0; j < batchSize; j++) {
            int index = imageAt(step * batchSize + j);
            classIds[j] = data.classCount() > 0 ? data.label(index) : -1;
            data.copyImage(index, images, j * imageSize);
        }

        GaussianNoise noise = GaussianNoise.seeded(streamSeed(options.seed(), STREAM_NOISE,
                step));
        float[] sigma = new float[batchSize];
        float[] weights = new float[batchSize];
        for (int j = 0; j < batchSize; j++) {
            sigma[j] = (float) Math.exp(options.pMean() + options.pStd() * noise.nextGaussian());
            weights[j] = (float) lossWeight(sigma[j], options.sigmaData());
        }
        float[] noisy = noise.next(images.length);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = images[i] + sigma[i / imageSize] * noisy[i];
        }

        float[] labels = new float[batchSize * labelDim];
        for (int j = 0; j < batchSize; j++) {
            boolean dropped = noise.nextInt(1 << 24) < labelDropout * (1 << 24);
            if (labelDim > 0 && !dropped) {
                labels[j * labelDim + classIds[j]] = 1f;
            }
        }
        return new Batch(images, noisy, sigma, weights, labels, classIds);
    }

    private int imageAt(long position) {
        int size = data.size();
        long wanted = position / size;
        if (wanted != epoch) {
            permutation = permutation(wanted);
            epoch = wanted;
        }
        return permutation[(int) (position % size)];
    }

    private int[] permutation(long forEpoch) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(streamSeed(options.seed(), STREAM_ORDER,
                forEpoch));
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /**
     * One step's inputs.
     *
     * @param images the clean images {@code y}, {@code (B, C, R, R)} in C order
     * @param noisy {@code y + σ·ε}
     * @param sigma σ per image
     * @param weights λ(σ) per image
     * @param labels one-hot labels {@code (B, label_dim)}, rows of zeros where dropped
     * @param classIds the class of each image, −1 for unlabeled data
     */
    record Batch(float[] images, float[] noisy, float[] sigma, float[] weights, float[] labels,
            int[] classIds) {
    }
}
