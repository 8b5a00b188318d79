package io.github.diffviews.umap.internal;

import io.github.diffviews.projection.Metric;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approximate k nearest neighbors by nearest-neighbor descent: Dong, Charikar and Li, "Efficient
 * k-nearest neighbor graph construction for generic similarity measures", WWW 2011,
 * doi:10.1145/1963405.1963487.
 *
 * <pre>
 * How it works here
 * -----------------
 * A first guess comes from a forest of random projection trees ({@link RpTree}): rows that share
 * a leaf are offered to each other's neighbor heaps. The trees split a 48-wide Gaussian sketch of
 * the rows rather than the rows themselves (splits only need close rows to stay close, which the
 * sketch preserves), and the work runs on a copy of the rows in the first tree's leaf order, so
 * rows that are neighbors mostly sit near each other in memory: on wide rows both halve the time,
 * which is bound by memory traffic, not arithmetic. Rows whose heap is still not full get random
 * neighbors. Then NN-descent repeats: "a neighbor of my neighbor is likely my neighbor".
 *
 *   1. Candidates. For every row, the neighbors in its heap and the rows whose heaps hold it
 *      (reverse neighbors) are split into "new" (entered the heap since the last round) and
 *      "old". At most maxCandidates of each are kept, those with the smallest pseudo-random
 *      priority, a hash of (seed, round, pair): the sample is the same whatever the order rows
 *      are visited in. New entries that were sampled are marked old in their heap.
 *   2. Local join. For every row v, each pair (p, q) of its new candidates, and each new-old
 *      pair, is a candidate edge: its distance is computed, and if it beats the worst neighbor
 *      held by p or by q it becomes an update.
 *   3. Updates are applied to the heaps. Rows are processed in fixed blocks; within a block the
 *      joins read the heaps as they were before the block (so they are free to run in parallel)
 *      and write their updates into per-chunk buffers; the buffers are then applied chunk by
 *      chunk, each heap by the one task owning its row. Every heap therefore sees the same
 *      pushes in the same order whatever the thread count, and so does the update count.
 *   4. Stop when a round's successful updates fall below delta * rows * k, or after
 *      maxIterations rounds.
 *
 * Heaps hold squared Euclidean distances (the rows are unit length for the cosine metric, so
 * this ranks by cosine distance too) and order entries by (distance, index), so ties are broken
 * the same way every time.
 * </pre>
 */
public final class NnDescent {

    private static final Logger LOG = LoggerFactory.getLogger(NnDescent.class);

    private static final int BLOCK = 8192;
    private static final int CHUNK = 256;
    private static final double DELTA = 0.001;
    private static final int SKETCH_WIDTH = 48;

    private NnDescent() {
    }

    /**
     * Finds approximate k nearest neighbors of every row.
     *
     * @param data the rows, row-major
     * @param rows the number of rows
     * @param dim the row width
     * @param k the neighborhood size, the row itself included
     * @param metric the metric the distances are reported in
     * @param seed the seed of every random choice
     * @param pool the worker threads
     * @param progress receives {@code "neighbors"} reports
     * @param cancellation checked between rounds and blocks
     * @return the graph
     */
    public static KnnGraph compute(float[] data, int rows, int dim, int k, Metric metric,
            long seed, WorkPool pool, ProgressListener progress,
            CancellationToken cancellation) {
        int m = k - 1;
        int trees = Math.min(32, 5 + (int) Math.round(Math.sqrt(rows) / 20.0));
        int leafSize = Math.max(24, 2 * m);
        int maxCandidates = Math.min(60, Math.max(m, 12));
        int maxIterations = Math.max(5, (int) Math.round(Math.log(rows) / Math.log(2)));
        long total = trees + maxIterations;

        long started = System.nanoTime();
        int sketchWidth = Math.min(dim, SKETCH_WIDTH);
        float[] sketch = dim <= SKETCH_WIDTH ? data
                : sketch(data, rows, dim, sketchWidth, seed, pool);
        RpTree[] forest = new RpTree[trees];
        pool.forEachChunk(trees, 1, (tree, from, to) -> forest[tree] = RpTree.build(sketch, rows,
                sketchWidth, leafSize, Rng.hash(seed, 0xf0e57L, tree), false));

        // Work on a copy of the rows in the first tree's leaf order: rows that are neighbors
        // then mostly sit near each other in memory, which is what the joins are bound by.
        int[] order = forest[0].order();
        int[] position = new int[rows];
        for (int r = 0; r < rows; r++) {
            position[order[r]] = r;
        }
        float[] local = new float[rows * dim];
        pool.forEachChunk(rows, 1024, (chunk, from, to) -> {
            for (int r = from; r < to; r++) {
                System.arraycopy(data, order[r] * dim, local, r * dim, dim);
            }
        });

        NeighborHeaps heaps = new NeighborHeaps(rows, m);
        AtomicLong evaluations = new AtomicLong();
        for (int tree = 0; tree < trees; tree++) {
            cancellation.throwIfCancelled("UMAP neighbor search");
            joinLeaves(forest[tree], position, local, dim, heaps, pool, evaluations,
                    cancellation);
            forest[tree] = null;
            progress.progress(Stages.NEIGHBORS, tree + 1, total);
        }
        fillRandomly(heaps, local, dim, seed);
        LOG.debug("NN-descent: {} random projection trees (leaf size {}) in {} ms", trees,
                leafSize, (System.nanoTime() - started) / 1_000_000);

        int iteration = 0;
        for (; iteration < maxIterations; iteration++) {
            cancellation.throwIfCancelled("UMAP neighbor search");
            long updates = round(local, dim, heaps, maxCandidates, Rng.hash(seed, 0xde5cL,
                    iteration), pool, evaluations, cancellation);
            progress.progress(Stages.NEIGHBORS, trees + iteration + 1, total);
            LOG.debug("NN-descent round {}: {} updates, {} ms so far", iteration, updates,
                    (System.nanoTime() - started) / 1_000_000);
            if (updates <= DELTA * rows * m) {
                iteration++;
                break;
            }
        }
        progress.progress(Stages.NEIGHBORS, total, total);
        LOG.debug("NN-descent on {} rows x {}: {} trees, {} rounds, {} distances", rows, dim,
                trees, iteration, evaluations.get());

        int[] sortedLocal = new int[rows * m];
        float[] squaredLocal = new float[rows * m];
        heaps.sorted(sortedLocal, squaredLocal);
        int[] indices = new int[rows * m];
        float[] squared = new float[rows * m];
        for (int r = 0; r < rows; r++) {
            int base = order[r] * m;
            for (int s = 0; s < m; s++) {
                int neighbor = sortedLocal[r * m + s];
                indices[base + s] = neighbor == NeighborHeaps.EMPTY ? neighbor : order[neighbor];
                squared[base + s] = squaredLocal[r * m + s];
            }
            sortTies(indices, squared, base, m);
        }
        return KnnGraph.withSelf(indices, squared, rows, k, metric);
    }

    /** Re-sorts a row already sorted by distance so that equal distances list lower rows first. */
    private static void sortTies(int[] indices, float[] squared, int base, int m) {
        for (int s = 1; s < m; s++) {
            int index = indices[base + s];
            float distance = squared[base + s];
            int t = s - 1;
            while (t >= 0 && NeighborHeaps.before(distance, index, squared[base + t],
                    indices[base + t])) {
                indices[base + t + 1] = indices[base + t];
                squared[base + t + 1] = squared[base + t];
                t--;
            }
            indices[base + t + 1] = index;
            squared[base + t + 1] = distance;
        }
    }

    /**
     * Returns a random Gaussian projection of the rows to a few dimensions. Random projection
     * trees only need rows that are close to stay close, which such a sketch preserves
     * (Johnson-Lindenstrauss); splitting on it reads a fraction of the memory the full rows
     * take, so building the trees stops being bound by memory bandwidth.
     */
    private static float[] sketch(float[] data, int rows, int dim, int width, long seed,
            WorkPool pool) {
        Rng rng = Rng.stream(seed, 0x5ce7c4L, width);
        float[] projection = new float[dim * width];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = (float) rng.nextGaussian();
        }
        float[] sketch = new float[rows * width];
        pool.forEachChunk(rows, 256, (chunk, from, to) -> {
            for (int r = from; r < to; r++) {
                for (int j = 0; j < dim; j++) {
                    float value = data[r * dim + j];
                    if (value != 0f) {
                        Kernels.axpy(value, projection, j * width, sketch, r * width, width);
                    }
                }
            }
        });
        return sketch;
    }

    private static void joinLeaves(RpTree tree, int[] position, float[] data, int dim,
            NeighborHeaps heaps, WorkPool pool, AtomicLong evaluations,
            CancellationToken cancellation) {
        int[][] leaves = collectLeaves(tree, position);
        int chunks = WorkPool.chunkCount(leaves.length, 64);
        Updates[] buffers = new Updates[chunks];
        pool.forEachChunk(leaves.length, 64, (chunk, from, to) -> {
            Updates updates = new Updates();
            for (int l = from; l < to; l++) {
                int[] leaf = leaves[l];
                for (int a = 0; a < leaf.length; a++) {
                    int p = leaf[a];
                    for (int b = a + 1; b < leaf.length; b++) {
                        int q = leaf[b];
                        float d = Kernels.squaredDistance(data, p * dim, data, q * dim, dim);
                        if (d < heaps.worst(p) || d < heaps.worst(q)) {
                            updates.add(p, q, d);
                        }
                    }
                }
            }
            buffers[chunk] = updates;
            cancellation.throwIfCancelled("UMAP neighbor search");
        });
        apply(buffers, heaps, pool, evaluations);
    }

    private static int[][] collectLeaves(RpTree tree, int[] position) {
        java.util.List<int[]> leaves = new java.util.ArrayList<>();
        tree.forEachLeaf((order, start, end) -> {
            int[] leaf = new int[end - start];
            for (int i = start; i < end; i++) {
                leaf[i - start] = position[order[i]];
            }
            leaves.add(leaf);
        });
        return leaves.toArray(new int[0][]);
    }

    private static void fillRandomly(NeighborHeaps heaps, float[] data, int dim, long seed) {
        int rows = heaps.rows;
        int size = heaps.size;
        for (int i = 0; i < rows; i++) {
            if (heaps.indices[i * size] != NeighborHeaps.EMPTY) {
                continue;
            }
            Rng rng = Rng.stream(seed, 0xf111L, i);
            int attempts = 0;
            while (heaps.indices[i * size] == NeighborHeaps.EMPTY && attempts < 64 * size) {
                int j = rng.nextInt(rows);
                attempts++;
                if (j != i) {
                    heaps.push(i, j, Kernels.squaredDistance(data, i * dim, data, j * dim, dim),
                            true);
                }
            }
        }
    }

    private static long round(float[] data, int dim, NeighborHeaps heaps, int maxCandidates,
            long roundSeed, WorkPool pool, AtomicLong evaluations,
            CancellationToken cancellation) {
        int rows = heaps.rows;
        Candidates fresh = new Candidates(rows, maxCandidates);
        Candidates old = new Candidates(rows, maxCandidates);
        // Each part owns a range of rows and scans every heap entry; a row's sample is the
        // smallest priorities offered to it, whatever the order, so the split cannot matter.
        sampleCandidates(heaps, fresh, old, roundSeed, pool.threads(), pool);

        long updates = 0;
        for (int start = 0; start < rows; start += BLOCK) {
            cancellation.throwIfCancelled("UMAP neighbor search");
            int end = Math.min(rows, start + BLOCK);
            int blockStart = start;
            int chunks = WorkPool.chunkCount(end - start, CHUNK);
            Updates[] buffers = new Updates[chunks];
            pool.forEachChunk(end - start, CHUNK, (chunk, from, to) -> {
                Updates found = new Updates();
                for (int v = blockStart + from; v < blockStart + to; v++) {
                    localJoin(v, data, dim, heaps, fresh, old, found);
                }
                buffers[chunk] = found;
            });
            updates += apply(buffers, heaps, pool, evaluations);
        }
        return updates;
    }

    private static void sampleCandidates(NeighborHeaps heaps, Candidates fresh, Candidates old,
            long roundSeed, int parts, WorkPool pool) {
        int rows = heaps.rows;
        int size = heaps.size;
        pool.forEachPart(rows, parts, (part, from, to) -> {
            for (int u = 0; u < rows; u++) {
                int base = u * size;
                for (int s = 0; s < size; s++) {
                    int v = heaps.indices[base + s];
                    if (v == NeighborHeaps.EMPTY) {
                        continue;
                    }
                    long priority = pairPriority(roundSeed, u, v);
                    Candidates target = heaps.isNew[base + s] ? fresh : old;
                    if (u >= from && u < to) {
                        target.offer(u, v, priority);
                    }
                    if (v >= from && v < to) {
                        target.offer(v, u, priority);
                    }
                }
            }
        });
        // Marking sampled entries old happens after every part has read the flags.
        pool.forEachPart(rows, parts, (part, from, to) -> {
            for (int u = from; u < to; u++) {
                int base = u * size;
                for (int s = 0; s < size; s++) {
                    if (heaps.isNew[base + s] && fresh.contains(u, heaps.indices[base + s])) {
                        heaps.isNew[base + s] = false;
                    }
                }
            }
        });
    }

    private static long pairPriority(long roundSeed, int u, int v) {
        int low = Math.min(u, v);
        int high = Math.max(u, v);
        return Rng.hash(roundSeed, low, high) >>> 1;
    }

    private static void localJoin(int v, float[] data, int dim, NeighborHeaps heaps,
            Candidates fresh, Candidates old, Updates found) {
        int freshCount = fresh.count[v];
        int oldCount = old.count[v];
        int freshBase = v * fresh.capacity;
        int oldBase = v * old.capacity;
        for (int a = 0; a < freshCount; a++) {
            int p = fresh.indices[freshBase + a];
            int pOffset = p * dim;
            float pWorst = heaps.worst(p);
            for (int b = a + 1; b < freshCount; b++) {
                int q = fresh.indices[freshBase + b];
                float d = Kernels.squaredDistance(data, pOffset, data, q * dim, dim);
                if (d < pWorst || d < heaps.worst(q)) {
                    found.add(p, q, d);
                }
            }
            found.evaluations += freshCount - a - 1;
            for (int b = 0; b < oldCount; b++) {
                int q = old.indices[oldBase + b];
                if (q == p) {
                    continue;
                }
                found.evaluations++;
                float d = Kernels.squaredDistance(data, pOffset, data, q * dim, dim);
                if (d < pWorst || d < heaps.worst(q)) {
                    found.add(p, q, d);
                }
            }
        }
    }

    private static long apply(Updates[] buffers, NeighborHeaps heaps, WorkPool pool,
            AtomicLong evaluations) {
        int rows = heaps.rows;
        for (Updates updates : buffers) {
            if (updates != null) {
                evaluations.addAndGet(updates.evaluations);
            }
        }
        // Each part owns a range of rows; every heap receives its pushes in buffer order
        // whichever part owns it, so the split (one part per thread) cannot change the result.
        AtomicLong applied = new AtomicLong();
        pool.forEachPart(rows, pool.threads(), (part, from, to) -> {
            long count = 0;
            for (Updates updates : buffers) {
                if (updates == null) {
                    continue;
                }
                int[] pairs = updates.pairs;
                float[] distances = updates.distances;
                for (int u = 0; u < updates.size; u++) {
                    int p = pairs[2 * u];
                    int q = pairs[2 * u + 1];
                    float d = distances[u];
                    if (p >= from && p < to && heaps.push(p, q, d, true)) {
                        count++;
                    }
                    if (q >= from && q < to && heaps.push(q, p, d, true)) {
                        count++;
                    }
                }
            }
            applied.addAndGet(count);
        });
        return applied.get();
    }

    /** Candidate edges found by one chunk, in the order found. */
    private static final class Updates {

        int[] pairs = new int[1024];
        float[] distances = new float[512];
        int size;
        long evaluations;

        void add(int p, int q, float d) {
            if (size == distances.length) {
                distances = Arrays.copyOf(distances, size * 2);
                pairs = Arrays.copyOf(pairs, size * 4);
            }
            pairs[2 * size] = p;
            pairs[2 * size + 1] = q;
            distances[size] = d;
            size++;
        }
    }

    /** Per-row samples of at most {@code capacity} candidates, the smallest priorities kept. */
    private static final class Candidates {

        final int capacity;
        final int[] indices;
        final long[] priorities;
        final int[] count;

        Candidates(int rows, int capacity) {
            this.capacity = capacity;
            this.indices = new int[rows * capacity];
            this.priorities = new long[rows * capacity];
            this.count = new int[rows];
        }

        void offer(int row, int candidate, long priority) {
            int base = row * capacity;
            int held = count[row];
            int worst = -1;
            for (int s = 0; s < held; s++) {
                if (indices[base + s] == candidate) {
                    return;
                }
                if (worst < 0 || later(base + s, base + worst)) {
                    worst = s;
                }
            }
            if (held < capacity) {
                indices[base + held] = candidate;
                priorities[base + held] = priority;
                count[row] = held + 1;
                return;
            }
            long worstPriority = priorities[base + worst];
            if (priority < worstPriority
                    || (priority == worstPriority && candidate < indices[base + worst])) {
                indices[base + worst] = candidate;
                priorities[base + worst] = priority;
            }
        }

        private boolean later(int a, int b) {
            return priorities[a] > priorities[b]
                    || (priorities[a] == priorities[b] && indices[a] > indices[b]);
        }

        boolean contains(int row, int candidate) {
            int base = row * capacity;
            for (int s = 0; s < count[row]; s++) {
                if (indices[base + s] == candidate) {
                    return true;
                }
            }
            return false;
        }
    }
}
