package io.github.diffviews.umap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    @Property(tries = 40)
    void of_randomSymmetricMatrix_reconstructsEigenpairs(@ForAll @IntRange(min = 1, max = 40) int n,
            @ForAll long seed) {
        double[][] a = randomSymmetric(n, new Random(seed));

        SymmetricEigen eigen = SymmetricEigen.of(a);

        for (int k = 0; k < n; k++) {
            double[] v = eigen.vector(k);
            assertEquals(1.0, norm(v), 1e-9, "unit eigenvector " + k);
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) {
                    av += a[i][j] * v[j];
                }
                assertEquals(eigen.value(k) * v[i], av, 1e-8, "A v = lambda v, pair " + k);
            }
            if (k > 0) {
                assertTrue(eigen.value(k - 1) <= eigen.value(k), "ascending order");
            }
        }
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < k; l++) {
                assertEquals(0.0, dot(eigen.vector(k), eigen.vector(l)), 1e-9, "orthogonal");
            }
        }
    }

    @Test
    void of_diagonalMatrix_returnsDiagonalSorted() {
        double[][] a = {{3, 0, 0}, {0, -1, 0}, {0, 0, 2}};

        SymmetricEigen eigen = SymmetricEigen.of(a);

        assertEquals(-1, eigen.value(0), 1e-12);
        assertEquals(2, eigen.value(1), 1e-12);
        assertEquals(3, eigen.value(2), 1e-12);
        assertEquals(1, Math.abs(eigen.vector(0)[1]), 1e-12);
    }

    @Test
    void ofTridiagonal_pathGraphLaplacian_matchesClosedForm() {
        int n = 12;
        double[] d = new double[n];
        double[] e = new double[n - 1];
        for (int i = 0; i < n; i++) {
            d[i] = 2;
        }
        for (int i = 0; i < n - 1; i++) {
            e[i] = -1;
        }

        SymmetricEigen eigen = SymmetricEigen.ofTridiagonal(d, e);

        for (int k = 0; k < n; k++) {
            double expected = 2 - 2 * Math.cos(Math.PI * (k + 1) / (n + 1));
            assertEquals(expected, eigen.value(k), 1e-12);
        }
    }

    static double[][] randomSymmetric(int n, Random random) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = random.nextGaussian();
                a[j][i] = a[i][j];
            }
        }
        return a;
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
