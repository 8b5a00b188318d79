package io.github.diffviews.umap.internal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A random projection tree: each node splits its rows by the hyperplane halfway between two of
 * them, picked at random, until a node holds at most the leaf size. Rows close together tend to
 * share a leaf, so the leaves of a few trees give NN-descent a good first guess, and one tree
 * gives the transform's neighbor search a good place to start.
 *
 * <p>The tree depends only on the rows, the leaf size and the seed: each node draws from its own
 * stream, derived from the seed and the node's number, and nodes are numbered in the order a
 * single thread creates them.
 */
final class RpTree {

    private final int dim;
    private final int[] order;
    private final int[] leafStart;
    private final int[] leafEnd;
    private final int[] left;
    private final int[] right;
    private final float[] planes;
    private final float[] offsets;
    private final int nodes;

    private RpTree(int dim, int[] order, int nodes, int[] leafStart, int[] leafEnd, int[] left,
            int[] right, float[] planes, float[] offsets) {
        this.dim = dim;
        this.order = order;
        this.nodes = nodes;
        this.leafStart = leafStart;
        this.leafEnd = leafEnd;
        this.left = left;
        this.right = right;
        this.planes = planes;
        this.offsets = offsets;
    }

    /**
     * Builds a tree over all rows.
     *
     * @param data the rows, row-major
     * @param rows the number of rows
     * @param dim the row width
     * @param leafSize the largest leaf
     * @param seed the tree's seed
     * @param keepPlanes whether to keep the hyperplanes, which {@link #leafOf(float[])} needs
     * @return the tree
     */
    static RpTree build(float[] data, int rows, int dim, int leafSize, long seed,
            boolean keepPlanes) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        int capacity = Math.max(4, 4 * (rows / Math.max(1, leafSize)) + 4);
        int[] leafStart = new int[capacity];
        int[] leafEnd = new int[capacity];
        int[] left = new int[capacity];
        int[] right = new int[capacity];
        float[] planes = keepPlanes ? new float[capacity * dim] : null;
        float[] offsets = new float[capacity];
        float[] normal = new float[dim];
        float[] midpoint = new float[dim];
        int nodes = 0;

        Deque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {nodes++, 0, rows});
        while (!stack.isEmpty()) {
            int[] task = stack.pop();
            int node = task[0];
            int lo = task[1];
            int hi = task[2];
            if (nodes + 2 >= leafStart.length) {
                int grown = leafStart.length * 2;
                leafStart = Arrays.copyOf(leafStart, grown);
                leafEnd = Arrays.copyOf(leafEnd, grown);
                left = Arrays.copyOf(left, grown);
                right = Arrays.copyOf(right, grown);
                offsets = Arrays.copyOf(offsets, grown);
                if (planes != null) {
                    planes = Arrays.copyOf(planes, grown * dim);
                }
            }
            leafStart[node] = lo;
            leafEnd[node] = hi;
            left[node] = -1;
            right[node] = -1;
            if (hi - lo <= leafSize) {
                continue;
            }

            Rng rng = Rng.stream(seed, 0x7ee5L, node);
            float offset = choosePlane(data, dim, order, lo, hi, rng, normal, midpoint);
            int split = partition(data, dim, order, lo, hi, normal, offset, rng);
            if (split == lo || split == hi) {
                // All rows fell on one side (duplicates): split the node in the middle instead.
                split = lo + (hi - lo) / 2;
                Arrays.fill(normal, 0f);
                offset = 0f;
            }
            if (planes != null) {
                System.arraycopy(normal, 0, planes, node * dim, dim);
            }
            offsets[node] = offset;
            int leftChild = nodes++;
            int rightChild = nodes++;
            left[node] = leftChild;
            right[node] = rightChild;
            stack.push(new int[] {rightChild, split, hi});
            stack.push(new int[] {leftChild, lo, split});
        }
        return new RpTree(dim, order, nodes, leafStart, leafEnd, left, right, planes, offsets);
    }

    private static float choosePlane(float[] data, int dim, int[] order, int lo, int hi, Rng rng,
            float[] normal, float[] midpoint) {
        int size = hi - lo;
        for (int attempt = 0; attempt < 4; attempt++) {
            int a = lo + rng.nextInt(size);
            int b = lo + rng.nextInt(size - 1);
            if (b >= a) {
                b++;
            }
            int pa = order[a] * dim;
            int pb = order[b] * dim;
            boolean distinct = false;
            for (int j = 0; j < dim; j++) {
                normal[j] = data[pa + j] - data[pb + j];
                midpoint[j] = 0.5f * (data[pa + j] + data[pb + j]);
                distinct |= normal[j] != 0f;
            }
            if (distinct) {
                return Kernels.dot(normal, 0, midpoint, 0, dim);
            }
        }
        Arrays.fill(normal, 0f);
        return 0f;
    }

    /** Moves rows on the positive side of the plane first; returns where the rest start. */
    private static int partition(float[] data, int dim, int[] order, int lo, int hi,
            float[] normal, float offset, Rng rng) {
        boolean[] positive = new boolean[hi - lo];
        for (int i = lo; i < hi; i++) {
            float margin = Kernels.dot(normal, 0, data, order[i] * dim, dim) - offset;
            positive[i - lo] = margin > 0 || (margin == 0 && (rng.nextLong() & 1) == 0);
        }
        int[] scratch = new int[hi - lo];
        int front = 0;
        int back = hi - lo - 1;
        for (int i = lo; i < hi; i++) {
            if (positive[i - lo]) {
                scratch[front++] = order[i];
            } else {
                scratch[back--] = order[i];
            }
        }
        System.arraycopy(scratch, 0, order, lo, hi - lo);
        return lo + front;
    }

    /**
     * Returns the rows in leaf order: the leaves, left to right, are contiguous stretches.
     *
     * @return a new permutation of the row indices
     */
    int[] order() {
        return order.clone();
    }

    /**
     * Calls the consumer with every leaf's rows.
     *
     * @param consumer receives the shared order array and each leaf's range in it
     */
    void forEachLeaf(LeafConsumer consumer) {
        for (int node = 0; node < nodes; node++) {
            if (left[node] < 0) {
                consumer.accept(order, leafStart[node], leafEnd[node]);
            }
        }
    }

    /**
     * Returns the leaf a query falls into (a query on a plane goes to the positive side).
     *
     * @param query a preprocessed row
     * @return the leaf's node number; its rows are {@link #leafRows(int)}
     */
    int leafOf(float[] query) {
        int node = 0;
        while (left[node] >= 0) {
            float margin = Kernels.dot(planes, node * dim, query, 0, dim) - offsets[node];
            node = margin >= 0 ? left[node] : right[node];
        }
        return node;
    }

    /**
     * Returns the rows of a leaf.
     *
     * @param leaf the leaf's node number
     * @return a new array of row indices
     */
    int[] leafRows(int leaf) {
        return Arrays.copyOfRange(order, leafStart[leaf], leafEnd[leaf]);
    }

    /** Receives one leaf. */
    @FunctionalInterface
    interface LeafConsumer {

        void accept(int[] order, int start, int end);
    }
}
