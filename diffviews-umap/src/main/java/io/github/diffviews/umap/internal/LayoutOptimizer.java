package io.github.diffviews.umap.internal;

import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;

/**
 * Optimises the embedding by stochastic gradient descent on UMAP's cross-entropy, with negative
 * sampling (McInnes, Healy and Melville 2018, section 3 and appendix; umap-learn's schedule).
 *
 * <pre>
 * The schedule. An edge of weight w is sampled every max_w / w epochs (the heaviest edge every
 * epoch), and each time it is, the row is also pushed away from 5 rows drawn uniformly at
 * random (negative samples). The learning rate falls linearly from 1 to 0 over the epochs.
 *
 * One step. With y the embedded row, z its neighbor and d^2 = |y - z|^2:
 *   attraction  y += alpha * clip(-2ab d^(2(b-1)) / (1 + a d^(2b)) * (y - z))
 *   repulsion   y += alpha * clip(2b / ((0.001 + d^2)(1 + a d^(2b))) * (y - z'))
 * for each negative sample z' (a repulsion at distance 0 moves 4 along every axis). Gradients
 * are clipped to [-4, 4] per coordinate.
 *
 * Determinism. umap-learn updates both ends of an edge at once, from many threads without locks
 * ("Hogwild"), so its result depends on scheduling. Here each epoch is computed from the
 * positions at the start of the epoch: every row moves only itself, reading its neighbors' and
 * negative samples' positions from that snapshot, and writes its new position into a second
 * buffer. Because the fuzzy graph is symmetric, the pull a row would have received as the other
 * end of its edges arrives through its own copy of each edge; it is applied at twice the step,
 * matching umap-learn's two pulls per sampled edge pair. Negative samples come from a stream
 * derived from (seed, epoch, row). A row's new position thus depends only on the snapshot and
 * its own stream, so any number of threads gives the same bits.
 * </pre>
 */
final class LayoutOptimizer {

    static final int NEGATIVE_SAMPLE_RATE = 5;
    static final float CLIP = 4f;
    static final long LCG_MULTIPLIER = 6364136223846793005L;
    static final long LCG_INCREMENT = 1442695040888963407L;
    private static final int CHUNK = 512;

    private LayoutOptimizer() {
    }

    /**
     * Optimises the embedding in place.
     *
     * @param graph the pruned fuzzy graph
     * @param embedding rows x dim coordinates, the start on entry, the result on return
     * @param dim the number of dimensions
     * @param a the curve parameter a
     * @param b the curve parameter b
     * @param epochs the number of epochs
     * @param seed the seed
     * @param pool the worker threads
     * @param progress receives one {@code "optimize"} report per epoch
     * @param cancellation checked every epoch
     */
    static void optimize(FuzzyGraph graph, float[] embedding, int dim, double a, double b,
            int epochs, long seed, WorkPool pool, ProgressListener progress,
            CancellationToken cancellation) {
        int n = graph.rows();
        int edges = graph.edges();
        double maxWeight = graph.maxWeight();
        double[] epochsPerSample = new double[edges];
        double[] nextSample = new double[edges];
        double[] epochsPerNegative = new double[edges];
        double[] nextNegative = new double[edges];
        for (int e = 0; e < edges; e++) {
            double period = maxWeight / graph.weight(e);
            epochsPerSample[e] = period;
            nextSample[e] = period;
            epochsPerNegative[e] = period / NEGATIVE_SAMPLE_RATE;
            nextNegative[e] = epochsPerNegative[e];
        }

        PowTable powers = new PowTable(b);
        float[] current = embedding;
        float[] next = new float[embedding.length];
        for (int epoch = 0; epoch < epochs; epoch++) {
            cancellation.throwIfCancelled("UMAP optimisation");
            int epochIndex = epoch;
            float alpha = (float) (1.0 - epoch / (double) epochs);
            float[] snapshot = current;
            float[] target = next;
            pool.forEachChunk(n, CHUNK, (chunk, from, to) -> {
                float[] position = new float[dim];
                float[] gradient = new float[dim];
                int[] samples = new int[2 * NEGATIVE_SAMPLE_RATE];
                for (int i = from; i < to; i++) {
                    System.arraycopy(snapshot, i * dim, position, 0, dim);
                    // The row's negative samples for this epoch: a linear congruential stream
                    // started from a hash of (seed, epoch, row); its high bits pick the rows.
                    long stream = Rng.hash(seed, epochIndex, i);
                    for (int e = graph.rowStart(i); e < graph.rowEnd(i); e++) {
                        if (nextSample[e] > epochIndex) {
                            continue;
                        }
                        attract(position, snapshot, graph.column(e) * dim, dim, a, powers,
                                2 * alpha);
                        nextSample[e] += epochsPerSample[e];

                        int negatives = (int) ((epochIndex - nextNegative[e])
                                / epochsPerNegative[e]);
                        if (negatives > samples.length) {
                            samples = new int[negatives];
                        }
                        int drawn = 0;
                        for (int s = 0; s < negatives; s++) {
                            stream = stream * LCG_MULTIPLIER + LCG_INCREMENT;
                            int other = (int) (((stream >>> 32) * n) >>> 32);
                            if (other != i) {
                                samples[drawn++] = other;
                            }
                        }
                        repelAll(position, snapshot, samples, drawn, dim, a, powers, alpha,
                                gradient);
                        nextNegative[e] += negatives * epochsPerNegative[e];
                    }
                    System.arraycopy(position, 0, target, i * dim, dim);
                }
            });
            next = current;
            current = target;
            progress.progress(Stages.OPTIMIZE, epoch + 1, epochs);
        }
        if (current != embedding) {
            System.arraycopy(current, 0, embedding, 0, embedding.length);
        }
    }

    /** Moves a position toward a fixed point. */
    static void attract(float[] position, float[] points, int offset, int dim, double a,
            PowTable powers, float step) {
        if (dim == 2) {
            // The same arithmetic as below, in the same order, without the loops.
            float dx = position[0] - points[offset];
            float dy = position[1] - points[offset + 1];
            float squared = dx * dx + dy * dy;
            if (squared > 0f) {
                float coefficient = attraction(squared, a, powers);
                position[0] += clip(coefficient * dx) * step;
                position[1] += clip(coefficient * dy) * step;
            }
            return;
        }
        float squared = 0f;
        for (int d = 0; d < dim; d++) {
            float diff = position[d] - points[offset + d];
            squared += diff * diff;
        }
        if (squared <= 0f) {
            return;
        }
        float coefficient = attraction(squared, a, powers);
        for (int d = 0; d < dim; d++) {
            float gradient = clip(coefficient * (position[d] - points[offset + d]));
            position[d] += gradient * step;
        }
    }

    private static float attraction(float squared, double a, PowTable powers) {
        double power = powers.pow(squared);
        return (float) (-2.0 * a * powers.exponent() * power / (squared * (a * power + 1.0)));
    }

    private static float repulsion(float squared, double a, PowTable powers) {
        double power = powers.pow(squared);
        return (float) (2.0 * powers.exponent() / ((0.001 + squared) * (a * power + 1.0)));
    }

    /**
     * Pushes a position away from several fixed points at once: every push is computed from the
     * same starting position and their sum is applied, so the pushes do not wait on each other.
     * (umap-learn applies them one after the other; each is small, and the sum differs from the
     * sequence only in second-order terms.)
     */
    static void repelAll(float[] position, float[] points, int[] others, int count, int dim,
            double a, PowTable powers, float step, float[] gradient) {
        if (dim == 2) {
            float x = position[0];
            float y = position[1];
            float gx = 0f;
            float gy = 0f;
            for (int s = 0; s < count; s++) {
                int offset = others[s] * 2;
                float dx = x - points[offset];
                float dy = y - points[offset + 1];
                float squared = dx * dx + dy * dy;
                float coefficient = squared > 0f ? repulsion(squared, a, powers) : 0f;
                if (coefficient > 0f) {
                    gx += clip(coefficient * dx);
                    gy += clip(coefficient * dy);
                } else {
                    gx += CLIP;
                    gy += CLIP;
                }
            }
            position[0] = x + gx * step;
            position[1] = y + gy * step;
            return;
        }
        java.util.Arrays.fill(gradient, 0f);
        for (int s = 0; s < count; s++) {
            int offset = others[s] * dim;
            float squared = 0f;
            for (int d = 0; d < dim; d++) {
                float diff = position[d] - points[offset + d];
                squared += diff * diff;
            }
            float coefficient = squared > 0f ? repulsion(squared, a, powers) : 0f;
            for (int d = 0; d < dim; d++) {
                gradient[d] += coefficient > 0f
                        ? clip(coefficient * (position[d] - points[offset + d])) : CLIP;
            }
        }
        for (int d = 0; d < dim; d++) {
            position[d] += gradient[d] * step;
        }
    }

    static float clip(float value) {
        return value > CLIP ? CLIP : (value < -CLIP ? -CLIP : value);
    }
}
