package io.github.diffviews.umap.internal;

import java.util.Arrays;

/**
 * One bounded max-heap of candidate neighbors per row, for NN-descent and exact search.
 *
 * <p>Entries are ordered by (squared distance, index), so a heap's final content is the m
 * smallest distinct entries ever pushed to it, whatever the order of the pushes: the result
 * never depends on which thread pushed first. Each entry carries a "new" flag for NN-descent.
 */
final class NeighborHeaps {

    static final int EMPTY = Integer.MAX_VALUE;

    final int rows;
    final int size;
    final int[] indices;
    final float[] distances;
    final boolean[] isNew;

    NeighborHeaps(int rows, int size) {
        this.rows = rows;
        this.size = size;
        this.indices = new int[rows * size];
        this.distances = new float[rows * size];
        this.isNew = new boolean[rows * size];
        Arrays.fill(indices, EMPTY);
        Arrays.fill(distances, Float.POSITIVE_INFINITY);
    }

    /** Returns the largest distance held for a row (infinity while the heap is not full). */
    float worst(int row) {
        return distances[row * size];
    }

    /**
     * Offers a neighbor to a row's heap.
     *
     * @return true if it was taken (it was better than the worst held and not held yet)
     */
    boolean push(int row, int neighbor, float distance, boolean fresh) {
        int base = row * size;
        if (!before(distance, neighbor, distances[base], indices[base])) {
            return false;
        }
        for (int s = 0; s < size; s++) {
            if (indices[base + s] == neighbor) {
                return false;
            }
        }
        siftDown(base, distance, neighbor, fresh);
        return true;
    }

    private void siftDown(int base, float distance, int neighbor, boolean fresh) {
        int slot = 0;
        while (true) {
            int left = 2 * slot + 1;
            if (left >= size) {
                break;
            }
            int right = left + 1;
            int larger = left;
            if (right < size && before(distances[base + left], indices[base + left],
                    distances[base + right], indices[base + right])) {
                larger = right;
            }
            if (!before(distance, neighbor, distances[base + larger], indices[base + larger])) {
                break;
            }
            distances[base + slot] = distances[base + larger];
            indices[base + slot] = indices[base + larger];
            isNew[base + slot] = isNew[base + larger];
            slot = larger;
        }
        distances[base + slot] = distance;
        indices[base + slot] = neighbor;
        isNew[base + slot] = fresh;
    }

    /** Tells whether (d1, i1) orders strictly before (d2, i2). */
    static boolean before(float d1, int i1, float d2, int i2) {
        return d1 < d2 || (d1 == d2 && i1 < i2);
    }

    /**
     * Returns every row's entries sorted by (distance, index).
     *
     * @param sortedIndices receives rows x size indices
     * @param sortedDistances receives rows x size squared distances
     */
    void sorted(int[] sortedIndices, float[] sortedDistances) {
        Integer[] order = new Integer[size];
        for (int r = 0; r < rows; r++) {
            int base = r * size;
            for (int s = 0; s < size; s++) {
                order[s] = s;
            }
            Arrays.sort(order, (x, y) -> {
                float dx = distances[base + x];
                float dy = distances[base + y];
                if (dx != dy) {
                    return Float.compare(dx, dy);
                }
                return Integer.compare(indices[base + x], indices[base + y]);
            });
            for (int s = 0; s < size; s++) {
                sortedIndices[base + s] = indices[base + order[s]];
                sortedDistances[base + s] = distances[base + order[s]];
            }
        }
    }
}
