package io.github.diffviews.umap.internal;

import io.github.diffviews.projection.Metric;

/**
 * Places a new row on an existing map: the out-of-sample routine every backend shares.
 *
 * <pre>
 * 1. The row goes through the fit's preprocessing and its k nearest training rows are found.
 * 2. Their memberships follow umap-learn's transform: smooth k-NN distances with rho = 0 and
 *    sigma by bisection, membership exp(-d / sigma).
 * 3. The row starts at the membership-weighted mean of those rows' coordinates.
 * 4. A short SGD moves only the new point: attraction to its neighbors on umap-learn's edge
 *    schedule, negative samples drawn from the training embedding, learning rate from 1/4 down
 *    to 0, over 100 epochs for maps of up to 10,000 rows and 30 above (or a third of the fit's
 *    epochs when those were set).
 *
 * Unlike umap-learn, nothing depends on the batch: the edge schedule uses the row's own largest
 * membership, and the negative samples come from a stream derived from the seed and a hash of
 * the row's own values. The same activation row therefore always lands on the same coordinates,
 * alone or among others, in any thread, before or after saving.
 * </pre>
 */
final class Transformer {

    private static final float INITIAL_ALPHA = 0.25f;

    private final Preprocessor preprocessor;
    private final SearchIndex index;
    private final float[] embedding;
    private final int rows;
    private final int dim;
    private final int k;
    private final double a;
    private final PowTable powers;
    private final int epochs;
    private final long seed;
    private final Metric metric;

    Transformer(Preprocessor preprocessor, SearchIndex index, float[] embedding, int rows,
            int dim, int k, double a, double b, int epochs, long seed, Metric metric) {
        this.preprocessor = preprocessor;
        this.index = index;
        this.embedding = embedding;
        this.rows = rows;
        this.dim = dim;
        this.k = Math.min(k, rows);
        this.a = a;
        this.powers = new PowTable(b);
        this.epochs = Math.max(1, epochs);
        this.seed = seed;
        this.metric = metric;
    }

    float[] transform(float[] row) {
        float[] reduced = new float[preprocessor.outputWidth()];
        preprocessor.apply(row, reduced);

        int[] neighbors = new int[k];
        float[] squared = new float[k];
        index.search(reduced, k, neighbors, squared);
        float[] distances = new float[k];
        for (int s = 0; s < k; s++) {
            distances[s] = KnnGraph.fromSquared(metric, squared[s]);
        }
        double[] sigma = new double[1];
        double[] rho = new double[1];
        FuzzyGraph.smoothKnnDistances(distances, 1, k, false, sigma, rho);
        float[] weights = new float[k];
        float maxWeight = 0f;
        for (int s = 0; s < k; s++) {
            double gap = distances[s] - rho[0];
            weights[s] = gap <= 0 || sigma[0] == 0 ? 1f : (float) Math.exp(-gap / sigma[0]);
            maxWeight = Math.max(maxWeight, weights[s]);
        }

        float[] position = initialPosition(neighbors, weights);
        optimize(position, neighbors, weights, maxWeight, contentHash(row));
        return position;
    }

    private float[] initialPosition(int[] neighbors, float[] weights) {
        double[] sum = new double[dim];
        double total = 0;
        for (int s = 0; s < k; s++) {
            total += weights[s];
            for (int d = 0; d < dim; d++) {
                sum[d] += weights[s] * embedding[neighbors[s] * dim + d];
            }
        }
        float[] position = new float[dim];
        for (int d = 0; d < dim; d++) {
            position[d] = (float) (total > 0 ? sum[d] / total
                    : embedding[neighbors[0] * dim + d]);
        }
        return position;
    }

    private void optimize(float[] position, int[] neighbors, float[] weights, float maxWeight,
            long hash) {
        float threshold = maxWeight / epochs;
        double[] period = new double[k];
        double[] nextSample = new double[k];
        double[] negativePeriod = new double[k];
        double[] nextNegative = new double[k];
        for (int s = 0; s < k; s++) {
            if (weights[s] >= threshold && weights[s] > 0) {
                period[s] = maxWeight / (double) weights[s];
                nextSample[s] = period[s];
                negativePeriod[s] = period[s] / LayoutOptimizer.NEGATIVE_SAMPLE_RATE;
                nextNegative[s] = negativePeriod[s];
            } else {
                nextSample[s] = Double.POSITIVE_INFINITY;
            }
        }
        long stream = Rng.hash(seed, 0x7a2f0L, hash);
        int[] samples = new int[4 * LayoutOptimizer.NEGATIVE_SAMPLE_RATE];
        float[] gradient = new float[dim];
        for (int epoch = 0; epoch < epochs; epoch++) {
            float alpha = INITIAL_ALPHA * (float) (1.0 - epoch / (double) epochs);
            for (int s = 0; s < k; s++) {
                if (nextSample[s] > epoch) {
                    continue;
                }
                LayoutOptimizer.attract(position, embedding, neighbors[s] * dim, dim, a, powers,
                        alpha);
                nextSample[s] += period[s];
                int negatives = (int) ((epoch - nextNegative[s]) / negativePeriod[s]);
                if (negatives > samples.length) {
                    samples = new int[negatives];
                }
                for (int p = 0; p < negatives; p++) {
                    stream = stream * LayoutOptimizer.LCG_MULTIPLIER
                            + LayoutOptimizer.LCG_INCREMENT;
                    samples[p] = (int) (((stream >>> 32) * rows) >>> 32);
                }
                LayoutOptimizer.repelAll(position, embedding, samples, negatives, dim, a,
                        powers, alpha, gradient);
                nextNegative[s] += negatives * negativePeriod[s];
            }
        }
    }

    /** Hashes a row's values; 0 and -0 hash alike, since they preprocess alike. */
    static long contentHash(float[] row) {
        long hash = 0xcbf29ce484222325L;
        for (float value : row) {
            int bits = value == 0f ? 0 : Float.floatToIntBits(value);
            hash = (hash ^ bits) * 0x100000001b3L;
        }
        return Rng.mix(hash ^ row.length);
    }
}
