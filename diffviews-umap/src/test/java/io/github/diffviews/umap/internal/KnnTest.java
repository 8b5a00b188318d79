package io.github.diffviews.umap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.projection.Metric;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KnnTest {

    @Property(tries = 15)
    void exact_randomRows_matchesSortingAllDistances(
            @ForAll @IntRange(min = 10, max = 120) int rows,
            @ForAll @IntRange(min = 2, max = 9) int k, @ForAll long seed) {
        int dim = 5;
        float[] data = gaussianClusters(rows, dim, 3, seed);

        KnnGraph graph;
        try (WorkPool pool = new WorkPool(2)) {
            graph = ExactKnn.compute(data, rows, dim, k, Metric.EUCLIDEAN, pool,
                    CancellationToken.NONE);
        }

        for (int i = 0; i < rows; i++) {
            assertEquals(i, graph.index(i, 0), "the row itself comes first");
            assertEquals(0f, graph.distance(i, 0));
            Integer[] order = new Integer[rows];
            float[] squared = new float[rows];
            for (int j = 0; j < rows; j++) {
                order[j] = j;
                squared[j] = j == i ? -1f
                        : Kernels.squaredDistance(data, i * dim, data, j * dim, dim);
            }
            Arrays.sort(order, (x, y) -> squared[x] != squared[y]
                    ? Float.compare(squared[x], squared[y]) : Integer.compare(x, y));
            for (int s = 1; s < k; s++) {
                assertEquals(order[s], graph.index(i, s), "row " + i + " slot " + s);
                assertEquals((float) Math.sqrt(squared[order[s]]), graph.distance(i, s), 1e-6f);
            }
        }
    }

    @Test
    void exact_cosine_reportsOneMinusCosine() {
        float[] data = {1f, 0f, 0f, 1f, 0.6f, 0.8f};
        KnnGraph graph;
        try (WorkPool pool = new WorkPool(1)) {
            graph = ExactKnn.compute(data, 3, 2, 2, Metric.COSINE, pool, CancellationToken.NONE);
        }

        assertEquals(2, graph.index(0, 1));
        assertEquals(1 - 0.6f, graph.distance(0, 1), 1e-6f);
    }

    @Test
    void nnDescent_clusteredRows_recallAtLeast95Percent() {
        int rows = 6000;
        int dim = 16;
        int k = 15;
        float[] data = gaussianClusters(rows, dim, 20, 11);

        KnnGraph approximate;
        KnnGraph exact;
        try (WorkPool pool = new WorkPool(2)) {
            approximate = NnDescent.compute(data, rows, dim, k, Metric.EUCLIDEAN, 42, pool,
                    ProgressListener.NONE, CancellationToken.NONE);
            exact = ExactKnn.compute(data, rows, dim, k, Metric.EUCLIDEAN, pool,
                    CancellationToken.NONE);
        }

        double recall = recall(approximate, exact);
        assertTrue(recall >= 0.95, "recall " + recall);
        for (int i = 0; i < rows; i++) {
            assertEquals(i, approximate.index(i, 0));
            for (int s = 2; s < k; s++) {
                assertTrue(approximate.distance(i, s - 1) <= approximate.distance(i, s),
                        "sorted by distance");
            }
        }
    }

    @Test
    void nnDescent_oneThreadOrThree_identicalGraphs() {
        int rows = 5000;
        int dim = 12;
        float[] data = gaussianClusters(rows, dim, 8, 3);

        KnnGraph one;
        KnnGraph three;
        try (WorkPool pool = new WorkPool(1)) {
            one = NnDescent.compute(data, rows, dim, 10, Metric.EUCLIDEAN, 7, pool,
                    ProgressListener.NONE, CancellationToken.NONE);
        }
        try (WorkPool pool = new WorkPool(3)) {
            three = NnDescent.compute(data, rows, dim, 10, Metric.EUCLIDEAN, 7, pool,
                    ProgressListener.NONE, CancellationToken.NONE);
        }

        assertArrayEquals(one.indices(), three.indices());
        assertArrayEquals(one.distances(), three.distances());
    }

    @Test
    void searchIndex_graphSearchOverManyRows_findsExactNeighborsMostly() {
        int rows = 6000;
        int dim = 10;
        int k = 15;
        float[] data = gaussianClusters(rows, dim, 12, 5);
        KnnGraph graph;
        try (WorkPool pool = new WorkPool(2)) {
            graph = NnDescent.compute(data, rows, dim, k, Metric.EUCLIDEAN, 1, pool,
                    ProgressListener.NONE, CancellationToken.NONE);
        }
        SearchIndex index = new SearchIndex(data, rows, dim, graph, 1);
        Random random = new Random(9);

        long found = 0;
        for (int q = 0; q < 200; q++) {
            float[] query = new float[dim];
            int base = random.nextInt(rows);
            for (int j = 0; j < dim; j++) {
                query[j] = data[base * dim + j] + (float) (0.3 * random.nextGaussian());
            }
            int[] indices = new int[k];
            float[] squared = new float[k];
            index.search(query, k, indices, squared);
            Set<Integer> truth = exactNeighbors(data, rows, dim, query, k);
            for (int index2 : indices) {
                found += truth.contains(index2) ? 1 : 0;
            }
        }
        double recall = found / (200.0 * k);
        assertTrue(recall >= 0.97, "search recall " + recall);
    }

    @Test
    void searchIndex_fewRows_isExact() {
        int rows = 300;
        int dim = 6;
        float[] data = gaussianClusters(rows, dim, 3, 8);
        KnnGraph graph;
        try (WorkPool pool = new WorkPool(1)) {
            graph = ExactKnn.compute(data, rows, dim, 10, Metric.EUCLIDEAN, pool,
                    CancellationToken.NONE);
        }
        SearchIndex index = new SearchIndex(data, rows, dim, graph, 1);

        float[] query = Arrays.copyOfRange(data, 17 * dim, 18 * dim);
        int[] indices = new int[10];
        float[] squared = new float[10];
        index.search(query, 10, indices, squared);

        assertEquals(17, indices[0]);
        assertEquals(exactNeighbors(data, rows, dim, query, 10),
                new HashSet<>(Arrays.asList(Arrays.stream(indices).boxed()
                        .toArray(Integer[]::new))));
    }

    static float[] gaussianClusters(int rows, int dim, int clusters, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[clusters][dim];
        for (float[] centre : centres) {
            for (int j = 0; j < dim; j++) {
                centre[j] = (float) (4 * random.nextGaussian());
            }
        }
        float[] data = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                data[i * dim + j] = centres[i % clusters][j] + (float) random.nextGaussian();
            }
        }
        return data;
    }

    private static Set<Integer> exactNeighbors(float[] data, int rows, int dim, float[] query,
            int k) {
        Integer[] order = new Integer[rows];
        float[] squared = new float[rows];
        for (int j = 0; j < rows; j++) {
            order[j] = j;
            squared[j] = Kernels.squaredDistance(query, 0, data, j * dim, dim);
        }
        Arrays.sort(order, (x, y) -> squared[x] != squared[y]
                ? Float.compare(squared[x], squared[y]) : Integer.compare(x, y));
        return new HashSet<>(Arrays.asList(order).subList(0, k));
    }

    private static double recall(KnnGraph approximate, KnnGraph exact) {
        long hits = 0;
        for (int i = 0; i < exact.rows(); i++) {
            Set<Integer> truth = new HashSet<>();
            for (int s = 0; s < exact.k(); s++) {
                truth.add(exact.index(i, s));
            }
            for (int s = 0; s < exact.k(); s++) {
                hits += truth.contains(approximate.index(i, s)) ? 1 : 0;
            }
        }
        return hits / (double) (exact.rows() * exact.k());
    }
}
