package io.github.diffviews.neighbors;

import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.tensor.FloatMatrix;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Exact Euclidean nearest-neighbor search by a full scan, over all columns of a matrix or over
 * chosen column slices (the layers of an activation matrix).
 *
 * <p>Each query reads every row once; rows are processed in blocks, in parallel when there is
 * enough work, each block keeping its own top-k, and the blocks' results are merged. The result
 * is the same set in the same order whatever the number of threads, because candidates are
 * ranked by (distance, index). Rows whose distance is not finite (a NaN activation, say) are
 * never returned.
 */
public final class ExactNeighborIndex implements NeighborIndex {

    /** Rows of work per block: a block of this many values is worth a task of its own. */
    private static final long VALUES_PER_BLOCK = 1L << 18;
    private static final long PARALLEL_THRESHOLD = 1L << 20;

    /** Values between two checks of a partial distance against the k-th best one. */
    private static final int BOUND_CHECK_EVERY = 64;

    private final FloatMatrix matrix;
    private final int[] offsets;
    private final int[] lengths;
    private final int dimensions;
    private final float[] heapCopy;

    private ExactNeighborIndex(FloatMatrix matrix, int[] offsets, int[] lengths,
            boolean copyToHeap) {
        this.matrix = matrix;
        this.offsets = offsets;
        this.lengths = lengths;
        this.dimensions = IntStream.of(lengths).sum();
        this.heapCopy = copyToHeap ? gather(matrix, offsets, lengths, dimensions) : null;
    }

    /**
     * Indexes every column of a matrix. Small matrices (map coordinates, say) are copied to the
     * heap once; large ones are scanned where they are.
     *
     * @param points the points, one per row
     * @return the index
     */
    public static ExactNeighborIndex of(FloatMatrix points) {
        Objects.requireNonNull(points, "points");
        boolean small = (long) points.rows() * points.columns() <= (1 << 22);
        return new ExactNeighborIndex(points, new int[] {0}, new int[] {points.columns()}, small);
    }

    /**
     * Indexes chosen column slices of a matrix, for example some layers of an activation matrix.
     *
     * @param points the points, one per row
     * @param slices the column slices to compare; at least one
     * @return the index
     * @throws IllegalArgumentException if there are no slices or one lies outside the matrix
     */
    public static ExactNeighborIndex of(FloatMatrix points, List<ActivationLayout.Slice> slices) {
        Objects.requireNonNull(points, "points");
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one layer to compare");
        }
        int[] offsets = new int[slices.size()];
        int[] lengths = new int[slices.size()];
        for (int i = 0; i < slices.size(); i++) {
            ActivationLayout.Slice slice = slices.get(i);
            if ((long) slice.offset() + slice.size() > points.columns()) {
                throw new IllegalArgumentException("Layer '" + slice.layer() + "' ends at column "
                        + ((long) slice.offset() + slice.size()) + " but the matrix has "
                        + points.columns());
            }
            offsets[i] = slice.offset();
            lengths[i] = slice.size();
        }
        return new ExactNeighborIndex(points, offsets, lengths, false);
    }

    @Override
    public int size() {
        return matrix.rows();
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public List<Neighbor> nearest(int sample, int k) {
        if (sample < 0 || sample >= matrix.rows()) {
            throw new IndexOutOfBoundsException("Sample " + sample + " is out of range: "
                    + matrix.rows() + " samples are indexed (0-" + (matrix.rows() - 1) + ")");
        }
        float[] query = new float[dimensions];
        readPoint(sample, query);
        for (int i = 0; i < query.length; i++) {
            if (!Float.isFinite(query[i])) {
                throw new IllegalArgumentException("The values of sample " + sample
                        + " are not all finite (value " + i + " is " + query[i]
                        + "), so it has no neighbors");
            }
        }
        return search(query, k, sample);
    }

    @Override
    public List<Neighbor> nearest(float[] point, int k) {
        if (point.length != dimensions) {
            throw new IllegalArgumentException("The query has " + point.length
                    + " values, the index compares " + dimensions);
        }
        for (int i = 0; i < point.length; i++) {
            if (!Float.isFinite(point[i])) {
                throw new IllegalArgumentException("The query's value " + i + " is " + point[i]
                        + "; expected a finite number");
            }
        }
        return search(point.clone(), k, -1);
    }

    private List<Neighbor> search(float[] query, int k, int excluded) {
        if (k < 0) {
            throw new IllegalArgumentException("k = " + k + ", expected k ≥ 0");
        }
        int rows = matrix.rows();
        int blockRows = (int) Math.max(1, VALUES_PER_BLOCK / Math.max(1, dimensions));
        int blocks = (rows + blockRows - 1) / blockRows;
        IntStream blockIndices = IntStream.range(0, blocks);
        if ((long) rows * dimensions >= PARALLEL_THRESHOLD) {
            blockIndices = blockIndices.parallel();
        }
        TopK best = blockIndices
                .mapToObj(block -> scan(query, k, excluded, block * blockRows,
                        Math.min(rows, (block + 1) * blockRows)))
                .reduce(new TopK(k), (a, b) -> {
                    TopK merged = new TopK(k);
                    merged.addAll(a);
                    merged.addAll(b);
                    return merged;
                });
        return best.sorted();
    }

    private TopK scan(float[] query, int k, int excluded, int from, int to) {
        TopK top = new TopK(k);
        if (heapCopy != null) {
            for (int row = from; row < to; row++) {
                if (row != excluded) {
                    offer(top, squaredDistance(query, heapCopy, row * dimensions, dimensions,
                            top.bound()), row);
                }
            }
            return top;
        }
        float[] buffer = new float[dimensions];
        for (int row = from; row < to; row++) {
            if (row == excluded) {
                continue;
            }
            readPoint(row, buffer);
            offer(top, squaredDistance(query, buffer, 0, dimensions, top.bound()), row);
        }
        return top;
    }

    private static void offer(TopK top, float squaredDistance, int row) {
        if (squaredDistance < Float.POSITIVE_INFINITY && squaredDistance <= top.bound()) {
            top.offer(squaredDistance, row);
        }
    }

    private void readPoint(int row, float[] destination) {
        if (heapCopy != null) {
            System.arraycopy(heapCopy, row * dimensions, destination, 0, dimensions);
            return;
        }
        int at = 0;
        for (int s = 0; s < offsets.length; s++) {
            matrix.copyRow(row, offsets[s], destination, at, lengths[s]);
            at += lengths[s];
        }
    }

    /**
     * Returns the squared Euclidean distance between {@code query} and {@code n} values of
     * {@code row} starting at {@code offset}. Eight independent partial sums keep the
     * floating-point adders busy; one sum would wait on itself at every element.
     */
    static float squaredDistance(float[] query, float[] row, int offset, int n) {
        return squaredDistance(query, row, offset, n, Float.POSITIVE_INFINITY);
    }

    /**
     * Like {@link #squaredDistance(float[], float[], int, int)}, but gives up as soon as the
     * distance is known to exceed {@code bound}, returning a partial sum that also exceeds it.
     * The partial sums only grow (every term is a square, and rounding is monotone), so a row
     * given up on could never have been within the bound: the search stays exact.
     */
    static float squaredDistance(float[] query, float[] row, int offset, int n, float bound) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        float s7 = 0f;
        int i = 0;
        while (i + 7 < n) {
            int stop = Math.min(n - 7, i + BOUND_CHECK_EVERY);
            for (; i < stop; i += 8) {
                int at = offset + i;
                float d0 = query[i] - row[at];
                float d1 = query[i + 1] - row[at + 1];
                float d2 = query[i + 2] - row[at + 2];
                float d3 = query[i + 3] - row[at + 3];
                float d4 = query[i + 4] - row[at + 4];
                float d5 = query[i + 5] - row[at + 5];
                float d6 = query[i + 6] - row[at + 6];
                float d7 = query[i + 7] - row[at + 7];
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
                s4 += d4 * d4;
                s5 += d5 * d5;
                s6 += d6 * d6;
                s7 += d7 * d7;
            }
            float partial = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
            if (partial > bound) {
                return partial;
            }
        }
        for (; i < n; i++) {
            float d = query[i] - row[offset + i];
            s0 += d * d;
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private static float[] gather(FloatMatrix matrix, int[] offsets, int[] lengths,
            int dimensions) {
        float[] values = new float[Math.multiplyExact(matrix.rows(), dimensions)];
        for (int row = 0; row < matrix.rows(); row++) {
            int at = row * dimensions;
            for (int s = 0; s < offsets.length; s++) {
                matrix.copyRow(row, offsets[s], values, at, lengths[s]);
                at += lengths[s];
            }
        }
        return values;
    }
}
