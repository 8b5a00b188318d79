package io.github.diffviews.benchmarks;

import io.github.diffviews.io.Idx;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Fashion-MNIST images as rows of 784 pixels scaled to [0, 1]: the 60,000 training images then
 * the 10,000 test images, from the Debian package {@code dataset-fashion-mnist}
 * ({@code /usr/share/datasets/fashion-mnist}, or {@code -Ddiffviews.fashion.dir}).
 */
public final class FashionMnist {

    /** Pixels per image. */
    public static final int WIDTH = 784;

    private FashionMnist() {
    }

    /**
     * Returns the directory holding the IDX files.
     *
     * @return the directory
     */
    public static Path directory() {
        return Path.of(System.getProperty("diffviews.fashion.dir",
                "/usr/share/datasets/fashion-mnist"));
    }

    /**
     * Tells whether the dataset is installed.
     *
     * @return true if both image files exist
     */
    public static boolean available() {
        return Files.exists(directory().resolve("train-images-idx3-ubyte.gz"))
                && Files.exists(directory().resolve("t10k-images-idx3-ubyte.gz"));
    }

    /**
     * Reads the first rows of the 70,000 images.
     *
     * @param rows how many, at most 70,000
     * @return the rows
     * @throws IOException if the files cannot be read
     */
    public static FloatMatrix rows(int rows) throws IOException {
        Idx.IdxArray train = Idx.read(directory().resolve("train-images-idx3-ubyte.gz"));
        Idx.IdxArray test = Idx.read(directory().resolve("t10k-images-idx3-ubyte.gz"));
        int trainCount = train.shape()[0];
        int total = trainCount + test.shape()[0];
        if (rows > total) {
            throw new IllegalArgumentException("Fashion-MNIST has " + total + " images, asked "
                    + "for " + rows);
        }
        float[] values = new float[rows * WIDTH];
        for (int i = 0; i < rows; i++) {
            Idx.IdxArray source = i < trainCount ? train : test;
            int offset = (i < trainCount ? i : i - trainCount) * WIDTH;
            for (int j = 0; j < WIDTH; j++) {
                values[i * WIDTH + j] = (float) (source.getInt(offset + j) / 255.0);
            }
        }
        return FloatMatrix.wrap(values, rows, WIDTH);
    }

    /**
     * Returns rows that are like the data but not in it: each a blend of two rows, as the
     * activations of a denoising step lie between those of the samples around them.
     *
     * @param data the rows to blend
     * @param count how many to make
     * @param seed the random seed
     * @return the new rows
     */
    public static float[][] blends(FloatMatrix data, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] result = new float[count][];
        for (int q = 0; q < count; q++) {
            float[] a = data.row(random.nextInt(data.rows()));
            float[] b = data.row(random.nextInt(data.rows()));
            float mix = (float) random.nextDouble(0.2, 0.8);
            for (int j = 0; j < a.length; j++) {
                a[j] = (1 - mix) * a[j] + mix * b[j];
            }
            result[q] = a;
        }
        return result;
    }

    /**
     * Returns a trajectory: rows moving in equal steps from one row to another, as a generation
     * moves from noise toward a sample.
     *
     * @param data the rows
     * @param steps how many points
     * @param seed the random seed
     * @return the rows of the path
     */
    public static float[][] trajectory(FloatMatrix data, int steps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] from = data.row(random.nextInt(data.rows()));
        float[] to = data.row(random.nextInt(data.rows()));
        float[][] path = new float[steps][from.length];
        for (int s = 0; s < steps; s++) {
            float t = steps == 1 ? 1f : s / (float) (steps - 1);
            for (int j = 0; j < from.length; j++) {
                path[s][j] = (1 - t) * from[j] + t * to[j];
            }
        }
        return path;
    }
}
