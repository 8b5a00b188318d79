package io.github.diffviews.neighbors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps the {@code k} smallest (distance, index) pairs seen, in a binary max-heap, so that a scan
 * over n candidates costs O(n log k). Distances here are squared; {@link #sorted()} takes roots.
 */
final class TopK {

    private final int k;
    private final float[] distances;
    private final int[] indices;
    private int size;

    TopK(int k) {
        this.k = k;
        this.distances = new float[Math.max(k, 1)];
        this.indices = new int[Math.max(k, 1)];
    }

    /** The largest squared distance kept, or infinity while fewer than k are kept. */
    float bound() {
        return size < k ? Float.POSITIVE_INFINITY : distances[0];
    }

    void offer(float squaredDistance, int index) {
        if (k == 0) {
            return;
        }
        if (size < k) {
            distances[size] = squaredDistance;
            indices[size] = index;
            siftUp(size++);
        } else if (isBefore(squaredDistance, index, distances[0], indices[0])) {
            distances[0] = squaredDistance;
            indices[0] = index;
            siftDown(0);
        }
    }

    void addAll(TopK other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.distances[i], other.indices[i]);
        }
    }

    List<Neighbor> sorted() {
        Neighbor[] result = new Neighbor[size];
        for (int i = 0; i < size; i++) {
            result[i] = new Neighbor(indices[i], Math.sqrt(distances[i]));
        }
        Arrays.sort(result);
        return new ArrayList<>(Arrays.asList(result));
    }

    /** Orders by distance then index: true if (d1, i1) comes strictly before (d2, i2). */
    private static boolean isBefore(float d1, int i1, float d2, int i2) {
        return d1 < d2 || (d1 == d2 && i1 < i2);
    }

    private void siftUp(int at) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!isBefore(distances[parent], indices[parent], distances[at], indices[at])) {
                return;
            }
            swap(at, parent);
            at = parent;
        }
    }

    private void siftDown(int at) {
        while (true) {
            int largest = at;
            for (int child = 2 * at + 1; child <= 2 * at + 2 && child < size; child++) {
                if (isBefore(distances[largest], indices[largest], distances[child],
                        indices[child])) {
                    largest = child;
                }
            }
            if (largest == at) {
                return;
            }
            swap(at, largest);
            at = largest;
        }
    }

    private void swap(int a, int b) {
        float distance = distances[a];
        distances[a] = distances[b];
        distances[b] = distance;
        int index = indices[a];
        indices[a] = indices[b];
        indices[b] = index;
    }
}
