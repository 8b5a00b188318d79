package io.github.diffviews.umap.internal;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix, in double precision.
 *
 * <p>The matrix is first reduced to tridiagonal form by Householder reflections, which are
 * accumulated into an orthogonal basis; the tridiagonal matrix is then diagonalised by the
 * implicitly shifted QL method (Wilkinson-style shifts taken from the leading 2 x 2 block), each
 * plane rotation also applied to the basis. Both steps are deterministic and cost about
 * {@code 4 n^3} flops, which is fine for the sizes used here (at most about a thousand: the
 * covariance of a narrow matrix, a Gram matrix of a few hundred rows, the tridiagonal matrix of
 * a Lanczos run).
 */
public final class SymmetricEigen {

    private static final int MAX_SWEEPS_PER_VALUE = 60;

    private final double[] values;
    private final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * Decomposes a symmetric matrix. Only the lower triangle is read.
     *
     * @param matrix the matrix, n rows of n values; not modified
     * @return the eigenvalues in ascending order with their unit eigenvectors
     * @throws ArithmeticException if the QL iteration does not converge (NaN input, say)
     */
    public static SymmetricEigen of(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("Row " + i + " has " + matrix[i].length
                        + " values, expected " + n);
            }
            a[i] = matrix[i].clone();
        }
        double[] diagonal = new double[n];
        double[] offDiagonal = new double[n];
        double[][] basis = tridiagonalize(a, diagonal, offDiagonal);
        return diagonalize(diagonal, offDiagonal, basis);
    }

    /**
     * Decomposes a symmetric tridiagonal matrix.
     *
     * @param diagonal the n diagonal values; not modified
     * @param offDiagonal the n - 1 values beside the diagonal ({@code T[i][i+1]}); not modified
     * @return the eigenvalues in ascending order with their unit eigenvectors
     * @throws ArithmeticException if the QL iteration does not converge
     */
    public static SymmetricEigen ofTridiagonal(double[] diagonal, double[] offDiagonal) {
        int n = diagonal.length;
        double[] d = diagonal.clone();
        double[] e = new double[n];
        System.arraycopy(offDiagonal, 0, e, 0, Math.max(0, n - 1));
        double[][] basis = new double[n][n];
        for (int i = 0; i < n; i++) {
            basis[i][i] = 1;
        }
        return diagonalize(d, e, basis);
    }

    /**
     * Returns the number of eigenpairs.
     *
     * @return the matrix size
     */
    public int size() {
        return values.length;
    }

    /**
     * Returns an eigenvalue.
     *
     * @param index from 0 (the smallest) to {@code size() - 1} (the largest)
     * @return the eigenvalue
     */
    public double value(int index) {
        return values[index];
    }

    /**
     * Returns the unit eigenvector of an eigenvalue; the array is shared, do not modify it.
     *
     * @param index the eigenvalue's index
     * @return the eigenvector, n values
     */
    public double[] vector(int index) {
        return vectors[index];
    }

    /**
     * Reduces {@code a} (overwritten) to tridiagonal form and returns the transposed orthogonal
     * basis {@code Q^T} (row i is the i-th column of Q) such that {@code A = Q T Q^T}.
     */
    private static double[][] tridiagonalize(double[][] a, double[] d, double[] e) {
        int n = a.length;
        double[][] reflectors = new double[n][];
        double[] p = new double[n];

        for (int k = 0; k + 2 < n; k++) {
            // The reflector maps the column a[k+1..n-1][k] onto a multiple of its first axis.
            double norm = 0;
            for (int i = k + 1; i < n; i++) {
                norm = Math.hypot(norm, a[i][k]);
            }
            if (norm == 0) {
                continue;
            }
            double alpha = a[k + 1][k] > 0 ? -norm : norm;
            double[] v = new double[n];
            for (int i = k + 1; i < n; i++) {
                v[i] = a[i][k];
            }
            v[k + 1] -= alpha;
            double vNorm = 0;
            for (int i = k + 1; i < n; i++) {
                vNorm = Math.hypot(vNorm, v[i]);
            }
            if (vNorm == 0) {
                continue;
            }
            for (int i = k + 1; i < n; i++) {
                v[i] /= vNorm;
            }
            reflectors[k] = v;

            // A <- H A H on the trailing block, with H = I - 2 v v^T: p = A v, w = p - (v.p) v,
            // A <- A - 2 v w^T - 2 w v^T.
            for (int i = k + 1; i < n; i++) {
                double sum = 0;
                for (int j = k + 1; j < n; j++) {
                    sum += symmetric(a, i, j) * v[j];
                }
                p[i] = sum;
            }
            double vp = 0;
            for (int i = k + 1; i < n; i++) {
                vp += v[i] * p[i];
            }
            for (int i = k + 1; i < n; i++) {
                p[i] -= vp * v[i];
            }
            for (int i = k + 1; i < n; i++) {
                double[] row = a[i];
                double vi = v[i];
                double pi = p[i];
                for (int j = k + 1; j <= i; j++) {
                    row[j] -= 2 * (vi * p[j] + pi * v[j]);
                }
            }
            a[k + 1][k] = alpha;
            for (int i = k + 2; i < n; i++) {
                a[i][k] = 0;
            }
        }

        for (int i = 0; i < n; i++) {
            d[i] = a[i][i];
            e[i] = i + 1 < n ? a[i + 1][i] : 0;
        }

        // Q = H_0 H_1 ... H_{n-3}; build Q^T row by row: Q^T = H_{n-3} ... H_0, applied to I.
        double[][] qt = new double[n][n];
        for (int i = 0; i < n; i++) {
            qt[i][i] = 1;
        }
        for (int k = n - 3; k >= 0; k--) {
            double[] v = reflectors[k];
            if (v == null) {
                continue;
            }
            // Q <- H_k Q, i.e. for every column c of Q: c <- c - 2 v (v.c); in Q^T those
            // columns are rows.
            for (int c = 0; c < n; c++) {
                double[] column = qt[c];
                double dot = 0;
                for (int i = k + 1; i < n; i++) {
                    dot += v[i] * column[i];
                }
                if (dot != 0) {
                    double scale = 2 * dot;
                    for (int i = k + 1; i < n; i++) {
                        column[i] -= scale * v[i];
                    }
                }
            }
        }
        return qt;
    }

    private static double symmetric(double[][] a, int i, int j) {
        return i >= j ? a[i][j] : a[j][i];
    }

    /**
     * Diagonalises the tridiagonal matrix (d, e) by implicit QL, rotating the rows of
     * {@code basisT} (the transposed basis) along, then sorts the pairs by value.
     */
    private static SymmetricEigen diagonalize(double[] d, double[] e, double[][] basisT) {
        int n = d.length;
        // Row r of basisT is column r of the basis, so rotating two basis columns touches two
        // contiguous arrays.
        double[][] z = basisT;
        final double eps = Math.ulp(1.0);

        for (int l = 0; l < n; l++) {
            int sweeps = 0;
            int m;
            do {
                for (m = l; m < n - 1; m++) {
                    double scale = Math.abs(d[m]) + Math.abs(d[m + 1]);
                    if (Math.abs(e[m]) <= eps * scale) {
                        break;
                    }
                }
                if (m == l) {
                    break;
                }
                if (++sweeps > MAX_SWEEPS_PER_VALUE) {
                    throw new ArithmeticException("QL iteration did not converge for eigenvalue "
                            + l + " of " + n);
                }

                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = Math.hypot(g, 1);
                g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
                double s = 1;
                double c = 1;
                double p = 0;
                boolean underflow = false;
                for (int i = m - 1; i >= l; i--) {
                    double f = s * e[i];
                    double b = c * e[i];
                    r = Math.hypot(f, g);
                    e[i + 1] = r;
                    if (r == 0) {
                        d[i + 1] -= p;
                        e[m] = 0;
                        underflow = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                    rotate(z[i], z[i + 1], c, s);
                }
                if (underflow) {
                    continue;
                }
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            } while (true);
        }

        for (double value : d) {
            if (Double.isNaN(value)) {
                throw new ArithmeticException("Eigenvalues are NaN; the matrix holds NaN values");
            }
        }

        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> {
            int byValue = Double.compare(d[x], d[y]);
            return byValue != 0 ? byValue : Integer.compare(x, y);
        });
        double[] values = new double[n];
        double[][] vectors = new double[n][];
        for (int i = 0; i < n; i++) {
            values[i] = d[order[i]];
            vectors[i] = z[order[i]];
        }
        return new SymmetricEigen(values, vectors);
    }

    /** Rotates two basis vectors: (x, y) <- (c x - s y, s x + c y). */
    private static void rotate(double[] x, double[] y, double c, double s) {
        for (int k = 0; k < x.length; k++) {
            double f = y[k];
            y[k] = s * x[k] + c * f;
            x[k] = c * x[k] - s * f;
        }
    }
}
