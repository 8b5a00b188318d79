package io.github.diffviews.neighbors;

/**
 * One neighbor of a query: the sample's row index and its distance. Neighbors order by distance,
 * then by index, so equal distances always come out in the same order.
 *
 * @param index the sample's row index
 * @param distance the Euclidean distance to the query, at least 0
 */
public record Neighbor(int index, double distance) implements Comparable<Neighbor> {

    /**
     * Checks the components.
     */
    public Neighbor {
        if (index < 0) {
            throw new IllegalArgumentException("Neighbor index " + index + " is negative");
        }
        if (!(distance >= 0)) {
            throw new IllegalArgumentException("Neighbor distance " + distance
                    + " is not a number ≥ 0");
        }
    }

    @Override
    public int compareTo(Neighbor other) {
        int byDistance = Double.compare(distance, other.distance);
        return byDistance != 0 ? byDistance : Integer.compare(index, other.index);
    }
}
