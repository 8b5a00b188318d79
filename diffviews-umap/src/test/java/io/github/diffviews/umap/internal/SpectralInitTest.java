package io.github.diffviews.umap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpectralInitTest {

    /** A cycle: each row linked to the next and previous with weight 1. */
    private static FuzzyGraph cycle(int n) {
        int[] start = new int[n + 1];
        int[] columns = new int[2 * n];
        float[] weights = new float[2 * n];
        for (int i = 0; i < n; i++) {
            start[i] = 2 * i;
            int previous = (i + n - 1) % n;
            int next = (i + 1) % n;
            columns[2 * i] = Math.min(previous, next);
            columns[2 * i + 1] = Math.max(previous, next);
            weights[2 * i] = 1f;
            weights[2 * i + 1] = 1f;
        }
        start[n] = 2 * n;
        return new FuzzyGraph(n, start, columns, weights);
    }

    /** A width x height grid, each cell linked to its four neighbors. */
    private static FuzzyGraph grid(int width, int height) {
        int n = width * height;
        int[] start = new int[n + 1];
        List<Integer> columns = new ArrayList<>();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int row = y * width + x;
                start[row] = columns.size();
                if (y > 0) {
                    columns.add(row - width);
                }
                if (x > 0) {
                    columns.add(row - 1);
                }
                if (x + 1 < width) {
                    columns.add(row + 1);
                }
                if (y + 1 < height) {
                    columns.add(row + width);
                }
            }
        }
        start[n] = columns.size();
        float[] weights = new float[columns.size()];
        Arrays.fill(weights, 1f);
        return new FuzzyGraph(n, start, columns.stream().mapToInt(Integer::intValue).toArray(),
                weights);
    }

    @Test
    void spectral_gridAboveDenseLimit_lanczosMatchesDenseEigenvectors() {
        FuzzyGraph graph = grid(30, 12);
        int n = graph.rows();
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }

        double[][] vectors;
        try (WorkPool pool = new WorkPool(2)) {
            vectors = SpectralInit.spectral(graph, rows, 2, 4, pool);
        }

        // Reference: the dense eigenvectors of D^-1/2 W D^-1/2, after the trivial one.
        double[] degree = new double[n];
        for (int i = 0; i < n; i++) {
            degree[i] = graph.rowEnd(i) - graph.rowStart(i);
        }
        double[][] matrix = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int e = graph.rowStart(i); e < graph.rowEnd(i); e++) {
                int j = graph.column(e);
                matrix[i][j] = 1 / Math.sqrt(degree[i] * degree[j]);
            }
        }
        SymmetricEigen dense = SymmetricEigen.of(matrix);
        for (int d = 0; d < 2; d++) {
            double[] expected = dense.vector(n - 2 - d);
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += expected[i] * vectors[d][i];
            }
            assertEquals(1.0, Math.abs(dot), 1e-6, "eigenvector " + d);
        }
    }

    @Test
    void spectral_smallCycle_denseSolverAgrees() {
        int n = 40;
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        double[][] vectors;
        try (WorkPool pool = new WorkPool(1)) {
            vectors = SpectralInit.spectral(cycle(n), rows, 2, 1, pool);
        }

        double expected = Math.sqrt(2.0 / n);
        for (int i = 0; i < n; i++) {
            assertEquals(expected, Math.hypot(vectors[0][i], vectors[1][i]), 1e-6);
        }
    }

    @Test
    void layout_twoSeparateCycles_placesThemApartWithinTheBox() {
        int n = 50;
        FuzzyGraph one = cycle(n);
        int[] start = new int[2 * n + 1];
        int[] columns = new int[4 * n];
        float[] weights = new float[4 * n];
        for (int copy = 0; copy < 2; copy++) {
            for (int i = 0; i < n; i++) {
                int row = copy * n + i;
                start[row] = 2 * row;
                for (int e = 0; e < 2; e++) {
                    columns[2 * row + e] = copy * n + one.column(2 * i + e);
                    weights[2 * row + e] = 1f;
                }
            }
        }
        start[2 * n] = 4 * n;
        FuzzyGraph graph = new FuzzyGraph(2 * n, start, columns, weights);
        float[] data = new float[2 * n];

        float[] layout;
        try (WorkPool pool = new WorkPool(2)) {
            layout = SpectralInit.layout(graph, data, 1, 2, 3, pool);
        }

        double[] first = centroid(layout, 0, n);
        double[] second = centroid(layout, n, 2 * n);
        assertTrue(Math.hypot(first[0] - second[0], first[1] - second[1]) > 3,
                "components laid out apart");
        for (float value : layout) {
            assertTrue(value >= 0 && value <= 10, "rescaled into [0, 10]");
        }
    }

    @Test
    void layout_sameSeedAnyThreads_sameLayout() {
        FuzzyGraph graph = cycle(500);
        float[] data = new float[500];

        float[] one;
        float[] three;
        try (WorkPool pool = new WorkPool(1)) {
            one = SpectralInit.layout(graph, data, 1, 2, 9, pool);
        }
        try (WorkPool pool = new WorkPool(3)) {
            three = SpectralInit.layout(graph, data, 1, 2, 9, pool);
        }

        assertArrayEquals(one, three);
    }

    private static double[] centroid(float[] layout, int from, int to) {
        double[] sum = new double[2];
        for (int i = from; i < to; i++) {
            sum[0] += layout[2 * i] / (to - from);
            sum[1] += layout[2 * i + 1] / (to - from);
        }
        return sum;
    }
}
