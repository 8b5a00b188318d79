package io.github.diffviews.neighbors;

import java.util.List;

/**
 * Finds the nearest samples of a point or of a sample. Results are sorted by distance, ties by
 * index, and carry their distances. Implementations are immutable and safe to query from many
 * threads at once.
 */
public interface NeighborIndex {

    /**
     * Returns the number of samples indexed.
     *
     * @return the sample count
     */
    int size();

    /**
     * Returns the number of values compared per sample.
     *
     * @return the dimension of the space searched
     */
    int dimensions();

    /**
     * Returns the {@code k} samples nearest to a sample, excluding the sample itself.
     *
     * @param sample the query's row index
     * @param k how many neighbors to return; fewer come back when fewer samples exist
     * @return the neighbors, nearest first
     * @throws IndexOutOfBoundsException if the sample is out of range
     * @throws IllegalArgumentException if {@code k} is negative, or the sample's own values
     *     are not all finite
     */
    List<Neighbor> nearest(int sample, int k);

    /**
     * Returns the {@code k} samples nearest to a point.
     *
     * @param point the query, {@link #dimensions()} values
     * @param k how many neighbors to return
     * @return the neighbors, nearest first
     * @throws IllegalArgumentException if the point has the wrong length or holds NaN, or if
     *     {@code k} is negative
     */
    List<Neighbor> nearest(float[] point, int k);
}
