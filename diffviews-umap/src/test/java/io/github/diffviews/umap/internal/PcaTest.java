package io.github.diffviews.umap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.tensor.FloatMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaTest {

    /** Rows with a decaying spectrum: a few strong directions plus noise. */
    private static FloatMatrix lowRank(int rows, int width, int rank, long seed) {
        Random random = new Random(seed);
        double[][] directions = new double[rank][width];
        for (double[] direction : directions) {
            for (int j = 0; j < width; j++) {
                direction[j] = random.nextGaussian();
            }
        }
        float[] data = new float[rows * width];
        for (int i = 0; i < rows; i++) {
            for (int r = 0; r < rank; r++) {
                double score = random.nextGaussian() * (10.0 / (r + 1));
                for (int j = 0; j < width; j++) {
                    data[i * width + j] += (float) (score * directions[r][j]);
                }
            }
            for (int j = 0; j < width; j++) {
                data[i * width + j] += (float) (0.1 * random.nextGaussian() + 3.0);
            }
        }
        return FloatMatrix.wrap(data, rows, width);
    }

    /** The reference: eigenvectors of the covariance matrix computed directly, in double. */
    private static SymmetricEigen directCovariance(FloatMatrix rows) {
        int n = rows.rows();
        int width = rows.columns();
        double[] mean = new double[width];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                mean[j] += rows.get(i, j) / (double) n;
            }
        }
        double[][] covariance = new double[width][width];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < width; a++) {
                double da = rows.get(i, a) - mean[a];
                for (int b = 0; b <= a; b++) {
                    covariance[a][b] += da * (rows.get(i, b) - mean[b]) / n;
                }
            }
        }
        for (int a = 0; a < width; a++) {
            for (int b = 0; b < a; b++) {
                covariance[b][a] = covariance[a][b];
            }
        }
        return SymmetricEigen.of(covariance);
    }

    private static void assertMatchesDirect(Pca pca, FloatMatrix rows, int count,
            double cosine) {
        SymmetricEigen direct = directCovariance(rows);
        int width = rows.columns();
        for (int k = 0; k < count; k++) {
            double[] expected = direct.vector(width - 1 - k);
            double dot = 0;
            for (int j = 0; j < width; j++) {
                dot += expected[j] * pca.componentMatrix()[k * width + j];
            }
            assertTrue(Math.abs(dot) > cosine, "component " + k + ": |cos| = " + Math.abs(dot));
            assertEquals(direct.value(width - 1 - k), pca.explainedVariance()[k],
                    1e-3 * direct.value(width - 1) + 1e-3 * direct.value(width - 1 - k),
                    "variance along component " + k);
        }
    }

    private static Pca fit(FloatMatrix rows, int count, Pca.Method method) {
        Preprocessor identity = new Preprocessor(rows.columns(), null, null, null, false);
        try (WorkPool pool = new WorkPool(2)) {
            return Pca.fit(rows, identity, count, 42, pool, CancellationToken.NONE, method);
        }
    }

    @Test
    void fit_covariance_matchesDirectComputation() {
        FloatMatrix rows = lowRank(300, 40, 6, 1);

        Pca pca = fit(rows, 5, Pca.Method.COVARIANCE);

        assertEquals("covariance", pca.method());
        assertMatchesDirect(pca, rows, 5, 1 - 1e-6);
    }

    @Test
    void fit_gram_matchesDirectComputation() {
        FloatMatrix rows = lowRank(60, 120, 6, 2);

        Pca pca = fit(rows, 5, Pca.Method.GRAM);

        assertEquals("gram", pca.method());
        assertMatchesDirect(pca, rows, 5, 1 - 1e-6);
    }

    @Test
    void fit_randomized_matchesDirectComputation() {
        FloatMatrix rows = lowRank(400, 90, 8, 3);

        Pca pca = fit(rows, 6, Pca.Method.RANDOMIZED);

        assertEquals("randomized", pca.method());
        assertMatchesDirect(pca, rows, 6, 1 - 1e-4);
    }

    @Test
    void fit_anyMethod_largestLoadingIsPositiveAndComponentsAreOrthonormal() {
        FloatMatrix rows = lowRank(200, 50, 5, 4);

        for (Pca.Method method : Pca.Method.values()) {
            Pca pca = fit(rows, 4, method);
            float[] components = pca.componentMatrix();
            for (int k = 0; k < 4; k++) {
                float largest = 0;
                for (int j = 0; j < 50; j++) {
                    float value = components[k * 50 + j];
                    largest = Math.abs(value) > Math.abs(largest) ? value : largest;
                }
                assertTrue(largest > 0, method + " component " + k + " sign");
                for (int l = 0; l <= k; l++) {
                    double dot = 0;
                    for (int j = 0; j < 50; j++) {
                        dot += components[k * 50 + j] * components[l * 50 + j];
                    }
                    assertEquals(k == l ? 1.0 : 0.0, dot, 1e-4, method + " orthonormal");
                }
            }
        }
    }

    @Test
    void project_row_isCentredDotProducts() {
        FloatMatrix rows = lowRank(100, 20, 3, 5);
        Pca pca = fit(rows, 3, Pca.Method.COVARIANCE);
        float[] row = rows.row(7);
        float[] expected = new float[3];
        for (int k = 0; k < 3; k++) {
            double sum = 0;
            for (int j = 0; j < 20; j++) {
                sum += (row[j] - pca.mean()[j]) * pca.componentMatrix()[k * 20 + j];
            }
            expected[k] = (float) sum;
        }

        float[] out = new float[3];
        pca.project(row.clone(), out);

        for (int k = 0; k < 3; k++) {
            assertEquals(expected[k], out[k], 1e-4f);
        }
    }
}
