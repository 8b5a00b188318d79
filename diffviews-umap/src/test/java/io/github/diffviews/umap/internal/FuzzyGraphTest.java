package io.github.diffviews.umap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.projection.Metric;
import io.github.diffviews.task.CancellationToken;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FuzzyGraphTest {

    @Test
    void smoothKnnDistances_typicalRow_membershipsSumToLog2K() {
        float[] distances = {0f, 1.0f, 1.2f, 1.5f, 2.0f, 2.2f, 3.0f, 3.5f};
        int k = distances.length;
        double[] sigma = new double[1];
        double[] rho = new double[1];

        FuzzyGraph.smoothKnnDistances(distances, 1, k, true, sigma, rho);

        assertEquals(1.0, rho[0], 0.0, "rho is the nearest positive distance");
        double sum = 0;
        for (int j = 1; j < k; j++) {
            sum += Math.exp(-Math.max(0, distances[j] - rho[0]) / sigma[0]);
        }
        assertEquals(Math.log(k) / Math.log(2), sum, 1e-4);
    }

    @Test
    void smoothKnnDistances_duplicates_sigmaKeepsItsFloor() {
        float[] distances = {0f, 0f, 0f, 0f, 0f};
        double[] sigma = new double[1];
        double[] rho = new double[1];

        FuzzyGraph.smoothKnnDistances(distances, 1, distances.length, true, sigma, rho);

        assertEquals(0.0, rho[0]);
        assertTrue(sigma[0] >= 0 && Double.isFinite(sigma[0]));
    }

    @Test
    void of_twoRowsListingEachOther_unionIsProbabilisticSum() {
        // Row 0 lists row 1 second; row 1 lists row 0 first: memberships differ per direction.
        int[] indices = {0, 2, 1, 1, 0, 2, 2, 1, 0};
        float[] distances = {0f, 1f, 2f, 0f, 1.5f, 3f, 0f, 1f, 2.5f};
        KnnGraph knn = new KnnGraph(3, 3, indices, distances);

        FuzzyGraph graph = FuzzyGraph.of(knn);

        double[] sigma = new double[3];
        double[] rho = new double[3];
        FuzzyGraph.smoothKnnDistances(distances, 3, 3, true, sigma, rho);
        double a = Math.exp(-(2.0 - rho[0]) / sigma[0]);
        double b = Math.exp(-(1.5 - rho[1]) / sigma[1]);
        assertEquals(a + b - a * b, graph.weight(0, 1), 1e-6);
        assertEquals(graph.weight(0, 1), graph.weight(1, 0), 0.0);
        assertEquals(1.0f, graph.weight(0, 2), 1e-6, "nearest neighbor has membership 1");
        assertEquals(0f, graph.weight(1, 1), "no self edges");
    }

    @Property(tries = 20)
    void of_randomRows_graphIsSymmetricWithWeightsInUnitInterval(
            @ForAll @IntRange(min = 20, max = 200) int rows,
            @ForAll @IntRange(min = 2, max = 12) int k, @ForAll long seed) {
        Random random = new Random(seed);
        int dim = 4;
        float[] data = new float[rows * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        KnnGraph knn;
        try (WorkPool pool = new WorkPool(1)) {
            knn = ExactKnn.compute(data, rows, dim, Math.min(k, rows - 1), Metric.EUCLIDEAN, pool,
                    CancellationToken.NONE);
        }

        FuzzyGraph graph = FuzzyGraph.of(knn);

        for (int i = 0; i < rows; i++) {
            for (int e = graph.rowStart(i); e < graph.rowEnd(i); e++) {
                int j = graph.column(e);
                assertTrue(j != i, "no self edge");
                assertTrue(graph.weight(e) > 0 && graph.weight(e) <= 1, "weight in (0, 1]");
                assertEquals(graph.weight(e), graph.weight(j, i), 0.0f, "symmetric");
                if (e > graph.rowStart(i)) {
                    assertTrue(graph.column(e - 1) < j, "columns sorted");
                }
            }
        }
    }

    @Test
    void pruned_lightEdges_areDropped() {
        int[] indices = {0, 1, 2, 1, 0, 2, 2, 1, 0};
        float[] distances = {0f, 1f, 9f, 0f, 1f, 9f, 0f, 8f, 9f};
        FuzzyGraph graph = FuzzyGraph.of(new KnnGraph(3, 3, indices, distances));

        FuzzyGraph pruned = graph.pruned(1_000_000);
        FuzzyGraph strict = graph.pruned(1);

        assertEquals(graph.edges(), pruned.edges(), "a tiny threshold keeps every edge");
        for (int e = 0; e < strict.edges(); e++) {
            assertEquals(graph.maxWeight(), strict.weight(e), 0f, "only the heaviest survive");
        }
    }
}
