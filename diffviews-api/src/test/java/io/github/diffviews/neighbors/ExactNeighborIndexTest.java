package io.github.diffviews.neighbors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ExactNeighborIndexTest {

    @Test
    void nearest_k5_returnsFiveSortedPairsWithoutTheQuery() {
        NeighborIndex index = ExactNeighborIndex.of(randomMatrix(20, 2, 1));

        List<Neighbor> neighbors = index.nearest(7, 5);

        assertEquals(5, neighbors.size());
        assertTrue(neighbors.stream().noneMatch(n -> n.index() == 7));
        assertTrue(neighbors.stream().allMatch(n -> n.distance() >= 0));
        List<Neighbor> sorted = new ArrayList<>(neighbors);
        Collections.sort(sorted);
        assertEquals(sorted, neighbors);
    }

    @Test
    void nearest_equalDistances_breakTiesByIndex() {
        FloatMatrix points = FloatMatrix.of(new float[][] {{0, 0}, {1, 0}, {0, 1}, {-1, 0},
            {0, -1}});

        List<Neighbor> neighbors = ExactNeighborIndex.of(points).nearest(0, 4);

        assertEquals(List.of(1, 2, 3, 4), neighbors.stream().map(Neighbor::index).toList());
        assertEquals(1.0, neighbors.get(3).distance());
    }

    @Test
    void nearest_outOfRangeOrNegativeK_isRejected() {
        NeighborIndex index = ExactNeighborIndex.of(randomMatrix(10, 2, 1));

        IndexOutOfBoundsException range = assertThrows(IndexOutOfBoundsException.class,
                () -> index.nearest(10, 3));
        assertTrue(range.getMessage().contains("0-9"), range.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> index.nearest(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> index.nearest(0, -1));
    }

    @Test
    void nearest_moreThanExist_returnsAllOthers() {
        assertEquals(4, ExactNeighborIndex.of(randomMatrix(5, 3, 2)).nearest(0, 50).size());
        assertEquals(0, ExactNeighborIndex.of(randomMatrix(5, 3, 2)).nearest(0, 0).size());
    }

    @Test
    void nearest_point_checksLengthAndNaN() {
        NeighborIndex index = ExactNeighborIndex.of(randomMatrix(5, 3, 2));

        assertThrows(IllegalArgumentException.class, () -> index.nearest(new float[2], 1));
        assertThrows(IllegalArgumentException.class,
                () -> index.nearest(new float[] {0, Float.NaN, 0}, 1));
        assertEquals(5, index.nearest(new float[3], 5).size(), "a point is not excluded");
    }

    @Test
    void nearest_largeMatrixScannedInParallel_matchesSequentialBruteForce() {
        FloatMatrix matrix = randomMatrix(3000, 700, 3);

        List<Neighbor> neighbors = ExactNeighborIndex.of(matrix).nearest(42, 20);

        assertSameAsBruteForce(matrix, 42, 20, 0, 700, neighbors);
    }

    @Test
    void of_slices_comparesOnlyThoseColumns() {
        FloatMatrix matrix = randomMatrix(200, 12, 4);
        ActivationLayout layout = ActivationLayout.sorted(Map.of("a", 5, "b", 7));

        List<Neighbor> neighbors = ExactNeighborIndex.of(matrix, layout.select(List.of("b")))
                .nearest(3, 6);

        assertSameAsBruteForce(matrix, 3, 6, 5, 7, neighbors);
    }

    @Property(tries = 100)
    void nearest_anyMatrix_isSortedExcludesQueryAndMatchesBruteForce(
            @ForAll @IntRange(min = 2, max = 60) int rows,
            @ForAll @IntRange(min = 1, max = 9) int columns,
            @ForAll @IntRange(min = 0, max = 25) int k, @ForAll long seed) {
        FloatMatrix matrix = randomMatrix(rows, columns, seed);
        int query = (int) Math.floorMod(seed, rows);

        List<Neighbor> neighbors = ExactNeighborIndex.of(matrix).nearest(query, k);

        assertEquals(Math.min(k, rows - 1), neighbors.size());
        assertFalse(neighbors.stream().anyMatch(n -> n.index() == query));
        for (int i = 1; i < neighbors.size(); i++) {
            assertTrue(neighbors.get(i - 1).compareTo(neighbors.get(i)) < 0);
        }
        assertSameAsBruteForce(matrix, query, k, 0, columns, neighbors);
    }

    /**
     * Rows wider than the bound-check interval: giving up on a row once its partial distance
     * passes the k-th best changes nothing; the result equals a full computation of every
     * distance, ranked by (distance, index), bit for bit.
     */
    @Property(tries = 60)
    void nearest_wideRows_equalsFullDistancesBitForBit(
            @ForAll @IntRange(min = 2, max = 400) int rows,
            @ForAll @IntRange(min = 60, max = 300) int columns,
            @ForAll @IntRange(min = 0, max = 25) int k, @ForAll long seed) {
        FloatMatrix matrix = randomMatrix(rows, columns, seed);
        int query = (int) Math.floorMod(seed, rows);
        float[] point = matrix.row(query);
        List<Neighbor> expected = java.util.stream.IntStream.range(0, rows)
                .filter(r -> r != query)
                .mapToObj(r -> new Neighbor(r, Math.sqrt(ExactNeighborIndex.squaredDistance(
                        point, matrix.row(r), 0, columns))))
                .sorted()
                .limit(k)
                .toList();

        assertEquals(expected, ExactNeighborIndex.of(matrix).nearest(query, k));
    }

    /**
     * Checks a result against distances recomputed in double precision: each distance is right,
     * and no sample left out is nearer than the farthest returned one (beyond float rounding, so
     * near-ties may come in either order).
     */
    static void assertSameAsBruteForce(FloatMatrix matrix, int query, int k, int from,
            int length, List<Neighbor> neighbors) {
        double[] exact = new double[matrix.rows()];
        float[] a = matrix.row(query);
        for (int r = 0; r < matrix.rows(); r++) {
            float[] b = matrix.row(r);
            double sum = 0;
            for (int c = from; c < from + length; c++) {
                sum += ((double) a[c] - b[c]) * ((double) a[c] - b[c]);
            }
            exact[r] = Math.sqrt(sum);
        }
        double tolerance = 1e-5 * (1 + java.util.Arrays.stream(exact).max().orElse(0));
        java.util.Set<Integer> returned = new java.util.HashSet<>();
        double farthest = 0;
        for (Neighbor neighbor : neighbors) {
            assertEquals(exact[neighbor.index()], neighbor.distance(), tolerance);
            returned.add(neighbor.index());
            farthest = Math.max(farthest, neighbor.distance());
        }
        assertEquals(Math.min(k, matrix.rows() - 1), neighbors.size());
        for (int r = 0; r < matrix.rows(); r++) {
            if (r != query && !returned.contains(r)) {
                assertTrue(exact[r] >= farthest - tolerance, "sample " + r + " at " + exact[r]
                        + " is nearer than a returned neighbor at " + farthest);
            }
        }
    }

    static FloatMatrix randomMatrix(int rows, int columns, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return FloatMatrix.wrap(values, rows, columns);
    }
}
