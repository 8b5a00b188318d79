package io.github.diffviews.umap.internal;

import io.github.diffviews.projection.Metric;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;

/** Chooses between exact search and NN-descent for the training rows' neighbor graph. */
public final class NearestNeighbors {

    /** Below this many rows the neighbors are found exactly, as umap-learn does. */
    public static final int EXACT_LIMIT = 4096;

    private NearestNeighbors() {
    }

    /**
     * Finds the k nearest neighbors of every row: exactly below {@link #EXACT_LIMIT} rows, by
     * NN-descent above.
     *
     * @param data the preprocessed rows, row-major
     * @param rows the number of rows
     * @param dim the row width
     * @param k the neighborhood size, the row itself included
     * @param metric the metric
     * @param seed the seed
     * @param pool the worker threads
     * @param progress receives {@code "neighbors"} reports
     * @param cancellation checked between units of work
     * @return the graph
     */
    public static KnnGraph compute(float[] data, int rows, int dim, int k, Metric metric,
            long seed, WorkPool pool, ProgressListener progress,
            CancellationToken cancellation) {
        if (rows < EXACT_LIMIT) {
            progress.progress(Stages.NEIGHBORS, 0, 1);
            KnnGraph graph = ExactKnn.compute(data, rows, dim, k, metric, pool, cancellation);
            progress.progress(Stages.NEIGHBORS, 1, 1);
            return graph;
        }
        return NnDescent.compute(data, rows, dim, k, metric, seed, pool, progress, cancellation);
    }
}
