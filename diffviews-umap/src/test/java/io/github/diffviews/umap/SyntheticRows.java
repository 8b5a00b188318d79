package io.github.diffviews.umap;

import io.github.diffviews.tensor.FloatMatrix;
import java.util.Random;

/** Small synthetic activation matrices for tests: Gaussian clusters in a few dimensions. */
public final class SyntheticRows {

    private SyntheticRows() {
    }

    /**
     * Returns rows drawn from Gaussian clusters with unit spread whose centres are {@code gap}
     * apart along random directions.
     *
     * @param rows the number of rows
     * @param width the row width
     * @param clusters the number of clusters
     * @param gap the distance scale between cluster centres
     * @param seed the random seed
     * @return the matrix
     */
    public static FloatMatrix clusters(int rows, int width, int clusters, double gap, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[clusters][width];
        for (double[] centre : centres) {
            for (int j = 0; j < width; j++) {
                centre[j] = gap * random.nextGaussian();
            }
        }
        float[] data = new float[rows * width];
        for (int i = 0; i < rows; i++) {
            double[] centre = centres[i % clusters];
            for (int j = 0; j < width; j++) {
                data[i * width + j] = (float) (centre[j] + random.nextGaussian());
            }
        }
        return FloatMatrix.wrap(data, rows, width);
    }

    /**
     * Returns one row near a cluster of {@link #clusters}: a training row plus small noise.
     *
     * @param rows the training rows
     * @param row which training row to start from
     * @param noise the noise's standard deviation
     * @param seed the random seed
     * @return a new row
     */
    public static float[] near(FloatMatrix rows, int row, double noise, long seed) {
        Random random = new Random(seed);
        float[] values = rows.row(row);
        for (int j = 0; j < values.length; j++) {
            values[j] += (float) (noise * random.nextGaussian());
        }
        return values;
    }
}
