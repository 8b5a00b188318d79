package io.github.diffviews.umap.internal;

import io.github.diffviews.projection.Metric;
import io.github.diffviews.task.CancellationToken;

/**
 * Exact k nearest neighbors by comparing every pair of rows. Used below
 * {@link NearestNeighbors#EXACT_LIMIT} rows, and as the reference NN-descent is measured against.
 */
public final class ExactKnn {

    private ExactKnn() {
    }

    /**
     * Finds the exact k nearest neighbors of every row.
     *
     * @param data the rows, row-major
     * @param rows the number of rows
     * @param dim the row width
     * @param k the neighborhood size, the row itself included
     * @param metric the metric the distances are reported in (rows are already unit length for
     *     cosine)
     * @param pool the worker threads
     * @param cancellation checked between chunks
     * @return the graph
     */
    public static KnnGraph compute(float[] data, int rows, int dim, int k, Metric metric,
            WorkPool pool, CancellationToken cancellation) {
        int m = k - 1;
        NeighborHeaps heaps = new NeighborHeaps(rows, m);
        pool.forEachChunk(rows, 64, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                int base = i * dim;
                for (int j = 0; j < rows; j++) {
                    if (j == i) {
                        continue;
                    }
                    float d = Kernels.squaredDistance(data, base, data, j * dim, dim);
                    if (d <= heaps.worst(i)) {
                        heaps.push(i, j, d, false);
                    }
                }
            }
            cancellation.throwIfCancelled("UMAP neighbor search");
        });
        int[] indices = new int[rows * m];
        float[] squared = new float[rows * m];
        heaps.sorted(indices, squared);
        return KnnGraph.withSelf(indices, squared, rows, k, metric);
    }
}
