package io.github.diffviews.umap.internal;

import io.github.diffviews.projection.Metric;

/**
 * The k nearest neighbors of every training row, the row itself first (distance 0), then the
 * others by increasing distance, ties broken by the lower index.
 *
 * @param rows the number of rows
 * @param k neighbors per row, the row itself included
 * @param indices {@code rows x k} neighbor indices, row-major
 * @param distances {@code rows x k} distances in the metric, row-major
 */
public record KnnGraph(int rows, int k, int[] indices, float[] distances) {

    /**
     * Returns a neighbor's index.
     *
     * @param row the row
     * @param slot the neighbor's rank, 0 for the row itself
     * @return the neighbor's index
     */
    public int index(int row, int slot) {
        return indices[row * k + slot];
    }

    /**
     * Returns a neighbor's distance.
     *
     * @param row the row
     * @param slot the neighbor's rank
     * @return the distance
     */
    public float distance(int row, int slot) {
        return distances[row * k + slot];
    }

    /**
     * Converts a squared Euclidean distance between preprocessed rows into the metric's distance.
     * For the cosine metric the rows have unit length, so {@code 1 - cos = |x - y|^2 / 2}.
     *
     * @param metric the metric
     * @param squared the squared Euclidean distance
     * @return the distance
     */
    public static float fromSquared(Metric metric, float squared) {
        if (metric == Metric.COSINE) {
            return Math.min(2f, squared * 0.5f);
        }
        return (float) Math.sqrt(squared);
    }

    /**
     * Builds the graph from per-row neighbor lists that exclude the row itself.
     *
     * @param others {@code rows x (k - 1)} neighbor indices, sorted by (distance, index)
     * @param squared their squared Euclidean distances
     * @param rows the number of rows
     * @param k the neighborhood size, the row included
     * @param metric the metric the distances are reported in
     * @return the graph
     */
    static KnnGraph withSelf(int[] others, float[] squared, int rows, int k, Metric metric) {
        int[] indices = new int[rows * k];
        float[] distances = new float[rows * k];
        int m = k - 1;
        for (int i = 0; i < rows; i++) {
            indices[i * k] = i;
            distances[i * k] = 0f;
            for (int s = 0; s < m; s++) {
                indices[i * k + 1 + s] = others[i * m + s];
                distances[i * k + 1 + s] = fromSquared(metric, squared[i * m + s]);
            }
        }
        return new KnnGraph(rows, k, indices, distances);
    }
}
