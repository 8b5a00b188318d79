package io.github.diffviews.umap.internal;

import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.tensor.FloatMatrix;

/**
 * Principal component analysis of (standardised) rows, deterministic under a seed.
 *
 * <p>Three ways to the leading components, chosen by shape so that no step needs memory or time
 * beyond what the rows themselves take:
 * <ul>
 *   <li><b>covariance</b> (width at most {@value #EXACT_LIMIT}): the width x width covariance is
 *       accumulated over blocks of rows and diagonalised exactly;</li>
 *   <li><b>gram</b> (at most {@value #EXACT_LIMIT} rows, any width, such as 1,168 rows of 98,304
 *       activations): the rows x rows Gram matrix is accumulated over blocks of columns and
 *       diagonalised exactly; the components are the rows combined by its eigenvectors;</li>
 *   <li><b>randomized</b> (both larger): a randomized range finder (Halko, Martinsson and Tropp
 *       2011, doi:10.1137/090771806) with a Gaussian test matrix drawn from the seed, ten extra
 *       directions and {@value #POWER_ITERATIONS} orthonormalised power iterations, then an exact
 *       decomposition inside the found range. Its components agree with the exact ones to
 *       within a small angle when the spectrum decays, as activation spectra do.</li>
 * </ul>
 * No path ever forms a width x width matrix for wide rows. Each component's sign is fixed so
 * that its largest loading is positive.
 */
final class Pca {

    static final int EXACT_LIMIT = 1024;
    static final int POWER_ITERATIONS = 5;
    private static final int OVERSAMPLING = 10;
    private static final int ROW_BLOCK = 256;

    private final String method;
    private final int width;
    private final int count;
    private final float[] mean;
    private final float[] components;
    private final double[] explainedVariance;
    private final double totalVariance;

    Pca(String method, int width, int count, float[] mean, float[] components,
            double[] explainedVariance, double totalVariance) {
        this.method = method;
        this.width = width;
        this.count = count;
        this.mean = mean;
        this.components = components;
        this.explainedVariance = explainedVariance;
        this.totalVariance = totalVariance;
    }

    static Pca fit(FloatMatrix rows, Preprocessor scaler, int count, long seed, WorkPool pool,
            CancellationToken cancellation) {
        return fit(rows, scaler, count, seed, pool, cancellation, null);
    }

    /**
     * Fits the PCA by a given method, or by the one the shape calls for when it is null.
     */
    static Pca fit(FloatMatrix rows, Preprocessor scaler, int count, long seed, WorkPool pool,
            CancellationToken cancellation, Method method) {
        int n = rows.rows();
        int width = rows.columns();
        double[] meanD = columnMeans(rows, scaler, pool);
        float[] mean = new float[width];
        for (int j = 0; j < width; j++) {
            mean[j] = (float) meanD[j];
        }
        Centred source = new Centred(rows, scaler, mean);
        cancellation.throwIfCancelled("PCA");

        Method chosen = method != null ? method
                : width <= EXACT_LIMIT ? Method.COVARIANCE
                : n <= EXACT_LIMIT ? Method.GRAM
                : Method.RANDOMIZED;
        switch (chosen) {
            case COVARIANCE:
                return byCovariance(source, count, pool, cancellation);
            case GRAM:
                return byGram(source, count, pool, cancellation);
            default:
                return randomized(source, count, seed, pool, cancellation);
        }
    }

    /** The three ways to the components; see the class comment. */
    enum Method {
        /** Exact, from the width x width covariance. */
        COVARIANCE,
        /** Exact, from the rows x rows Gram matrix. */
        GRAM,
        /** Randomized range finder with power iterations. */
        RANDOMIZED
    }

    String method() {
        return method;
    }

    int components() {
        return count;
    }

    int width() {
        return width;
    }

    float[] mean() {
        return mean;
    }

    float[] componentMatrix() {
        return components;
    }

    double[] explainedVariance() {
        return explainedVariance;
    }

    double totalVariance() {
        return totalVariance;
    }

    double explainedVarianceRatioSum() {
        double sum = 0;
        for (double value : explainedVariance) {
            sum += value;
        }
        return totalVariance > 0 ? sum / totalVariance : 1;
    }

    /**
     * Projects a standardised row onto the components. The row is centred in place.
     *
     * @param row the standardised row; overwritten with the centred row
     * @param out receives the component scores
     */
    void project(float[] row, float[] out) {
        for (int j = 0; j < width; j++) {
            row[j] -= mean[j];
        }
        for (int k = 0; k < count; k++) {
            out[k] = Kernels.dot(row, 0, components, k * width, width);
        }
    }

    // ---- covariance --------------------------------------------------------------------------

    private static Pca byCovariance(Centred source, int count, WorkPool pool,
            CancellationToken cancellation) {
        int n = source.rows();
        int width = source.width();
        double[][] covariance = new double[width][];
        for (int i = 0; i < width; i++) {
            covariance[i] = new double[i + 1];
        }
        float[] block = new float[ROW_BLOCK * width];
        for (int start = 0; start < n; start += ROW_BLOCK) {
            int size = Math.min(ROW_BLOCK, n - start);
            source.readRows(start, size, block, pool);
            // Each task owns whole covariance rows, so the sums never depend on scheduling.
            pool.forEachChunk(width, 32, (chunk, from, to) -> {
                float[] partial = new float[width];
                for (int i = from; i < to; i++) {
                    java.util.Arrays.fill(partial, 0, i + 1, 0f);
                    for (int r = 0; r < size; r++) {
                        float value = block[r * width + i];
                        if (value != 0f) {
                            Kernels.axpy(value, block, r * width, partial, 0, i + 1);
                        }
                    }
                    double[] row = covariance[i];
                    for (int j = 0; j <= i; j++) {
                        row[j] += partial[j];
                    }
                }
            });
            cancellation.throwIfCancelled("PCA");
        }
        double[][] full = new double[width][width];
        double total = 0;
        for (int i = 0; i < width; i++) {
            for (int j = 0; j <= i; j++) {
                full[i][j] = covariance[i][j] / n;
                full[j][i] = full[i][j];
            }
            total += full[i][i];
        }
        SymmetricEigen eigen = SymmetricEigen.of(full);
        float[] components = new float[count * width];
        double[] explained = new double[count];
        for (int k = 0; k < count; k++) {
            int index = width - 1 - k;
            explained[k] = Math.max(0, eigen.value(index));
            double[] vector = eigen.vector(index);
            copySigned(vector, components, k * width);
        }
        return new Pca("covariance", width, count, source.mean(), components, explained, total);
    }

    // ---- gram --------------------------------------------------------------------------------

    private static Pca byGram(Centred source, int count, WorkPool pool,
            CancellationToken cancellation) {
        int n = source.rows();
        int width = source.width();
        int blockWidth = Math.max(16, Math.min(width, (1 << 22) / Math.max(1, n)));
        float[] block = new float[n * blockWidth];
        double[][] gram = new double[n][n];
        for (int start = 0; start < width; start += blockWidth) {
            int size = Math.min(blockWidth, width - start);
            int from0 = start;
            source.readColumns(from0, size, block, pool);
            pool.forEachChunk(n, 8, (chunk, from, to) -> {
                for (int i = from; i < to; i++) {
                    for (int j = 0; j <= i; j++) {
                        gram[i][j] += Kernels.dot(block, i * size, block, j * size, size);
                    }
                }
            });
            cancellation.throwIfCancelled("PCA");
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                gram[j][i] = gram[i][j];
            }
            total += gram[i][i];
        }
        total /= n;
        SymmetricEigen eigen = SymmetricEigen.of(gram);

        // Component k is X^T u_k / s_k; accumulate it over the same column blocks.
        double[][] weights = new double[count][];
        double[] explained = new double[count];
        for (int k = 0; k < count; k++) {
            int index = n - 1 - k;
            double lambda = Math.max(0, eigen.value(index));
            explained[k] = lambda / n;
            double singular = Math.sqrt(lambda);
            double[] u = eigen.vector(index);
            weights[k] = new double[n];
            for (int i = 0; i < n; i++) {
                weights[k][i] = singular > 0 ? u[i] / singular : 0;
            }
        }
        double[] componentsD = new double[count * width];
        for (int start = 0; start < width; start += blockWidth) {
            int size = Math.min(blockWidth, width - start);
            int offset = start;
            source.readColumns(offset, size, block, pool);
            pool.forEachChunk(count, 1, (chunk, from, to) -> {
                for (int k = from; k < to; k++) {
                    for (int i = 0; i < n; i++) {
                        double w = weights[k][i];
                        int base = k * width + offset;
                        for (int j = 0; j < size; j++) {
                            componentsD[base + j] += w * block[i * size + j];
                        }
                    }
                }
            });
            cancellation.throwIfCancelled("PCA");
        }
        float[] components = new float[count * width];
        double[] vector = new double[width];
        for (int k = 0; k < count; k++) {
            System.arraycopy(componentsD, k * width, vector, 0, width);
            normalizeInPlace(vector);
            copySigned(vector, components, k * width);
        }
        return new Pca("gram", width, count, source.mean(), components, explained, total);
    }

    // ---- randomized --------------------------------------------------------------------------

    private static Pca randomized(Centred source, int count, long seed, WorkPool pool,
            CancellationToken cancellation) {
        int n = source.rows();
        int width = source.width();
        int range = Math.min(count + OVERSAMPLING, Math.min(n, width));

        Rng rng = Rng.stream(seed, 0x5ca1ab1eL, range);
        float[] test = new float[width * range];
        for (int i = 0; i < test.length; i++) {
            test[i] = (float) rng.nextGaussian();
        }

        float[] basis = times(source, test, range, pool);
        orthonormalizeColumns(basis, n, range);
        double total = source.totalVariance(pool);
        for (int iteration = 0; iteration < POWER_ITERATIONS; iteration++) {
            cancellation.throwIfCancelled("PCA");
            float[] back = transposeTimes(source, basis, range, pool);
            orthonormalizeColumns(back, width, range);
            basis = times(source, back, range, pool);
            orthonormalizeColumns(basis, n, range);
        }
        cancellation.throwIfCancelled("PCA");

        // B = Q^T X is range x width; its right singular vectors are the components.
        float[] bt = transposeTimes(source, basis, range, pool);
        double[][] small = new double[range][range];
        for (int a = 0; a < range; a++) {
            for (int b = 0; b <= a; b++) {
                double sum = 0;
                for (int j = 0; j < width; j++) {
                    sum += (double) bt[j * range + a] * bt[j * range + b];
                }
                small[a][b] = sum;
                small[b][a] = sum;
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(small);
        float[] components = new float[count * width];
        double[] explained = new double[count];
        double[] vector = new double[width];
        for (int k = 0; k < count; k++) {
            int index = range - 1 - k;
            explained[k] = Math.max(0, eigen.value(index)) / n;
            double[] w = eigen.vector(index);
            for (int j = 0; j < width; j++) {
                double sum = 0;
                for (int a = 0; a < range; a++) {
                    sum += bt[j * range + a] * w[a];
                }
                vector[j] = sum;
            }
            normalizeInPlace(vector);
            copySigned(vector, components, k * width);
        }
        return new Pca("randomized", width, count, source.mean(), components, explained, total);
    }

    /** Returns X M for a width x cols matrix M, as an n x cols row-major matrix. */
    private static float[] times(Centred source, float[] matrix, int cols, WorkPool pool) {
        int n = source.rows();
        int width = source.width();
        float[] result = new float[n * cols];
        pool.forEachChunk(n, 64, (chunk, from, to) -> {
            float[] row = new float[width];
            for (int r = from; r < to; r++) {
                source.readRow(r, row);
                for (int j = 0; j < width; j++) {
                    float value = row[j];
                    if (value != 0f) {
                        Kernels.axpy(value, matrix, j * cols, result, r * cols, cols);
                    }
                }
            }
        });
        return result;
    }

    /** Returns X^T M for an n x cols matrix M, as a width x cols row-major matrix. */
    private static float[] transposeTimes(Centred source, float[] matrix, int cols,
            WorkPool pool) {
        int n = source.rows();
        int width = source.width();
        float[] result = new float[width * cols];
        int parts = Math.max(1, Math.min(pool.threads() * 4, (width + 255) / 256));
        // Each part owns a stretch of columns and reads every row's slice of it; within a part
        // the rows are added in order, in float blocks flushed into double.
        pool.forEachPart(width, parts, (part, from, to) -> {
            int length = to - from;
            float[] slice = new float[length];
            float[] partial = new float[length * cols];
            double[] sum = new double[length * cols];
            for (int r = 0; r < n; r++) {
                source.readSlice(r, from, length, slice);
                for (int j = 0; j < length; j++) {
                    float value = slice[j];
                    if (value != 0f) {
                        Kernels.axpy(value, matrix, r * cols, partial, j * cols, cols);
                    }
                }
                if ((r + 1) % ROW_BLOCK == 0 || r == n - 1) {
                    for (int i = 0; i < partial.length; i++) {
                        sum[i] += partial[i];
                        partial[i] = 0f;
                    }
                }
            }
            for (int i = 0; i < sum.length; i++) {
                result[from * cols + i] = (float) sum[i];
            }
        });
        return result;
    }

    /** Orthonormalises the columns of a rows x cols row-major matrix (modified Gram-Schmidt). */
    static void orthonormalizeColumns(float[] matrix, int rows, int cols) {
        double[][] columns = new double[cols][rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                columns[c][r] = matrix[r * cols + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            double[] column = columns[c];
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < c; p++) {
                    double[] previous = columns[p];
                    double dot = 0;
                    for (int r = 0; r < rows; r++) {
                        dot += previous[r] * column[r];
                    }
                    for (int r = 0; r < rows; r++) {
                        column[r] -= dot * previous[r];
                    }
                }
            }
            double norm = 0;
            for (int r = 0; r < rows; r++) {
                norm += column[r] * column[r];
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < rows; r++) {
                column[r] = norm > 1e-30 ? column[r] / norm : 0;
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                matrix[r * cols + c] = (float) columns[c][r];
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static double[] columnMeans(FloatMatrix rows, Preprocessor scaler, WorkPool pool) {
        int n = rows.rows();
        int width = rows.columns();
        double[] mean = new double[width];
        pool.forEachChunk(width, 4096, (chunk, from, to) -> {
            int length = to - from;
            float[] raw = new float[length];
            float[] slice = new float[length];
            double[] sum = new double[length];
            for (int r = 0; r < n; r++) {
                rows.copyRow(r, from, raw, 0, length);
                scaler.standardise(raw, 0, length, from, slice, 0, r);
                for (int j = 0; j < length; j++) {
                    sum[j] += slice[j];
                }
            }
            for (int j = 0; j < length; j++) {
                mean[from + j] = sum[j] / n;
            }
        });
        return mean;
    }

    private static void normalizeInPlace(double[] vector) {
        double norm = 0;
        for (double value : vector) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] /= norm;
            }
        }
    }

    /** Copies a unit vector with its sign fixed so that its largest loading is positive. */
    private static void copySigned(double[] vector, float[] dest, int offset) {
        int largest = 0;
        for (int j = 1; j < vector.length; j++) {
            if (Math.abs(vector[j]) > Math.abs(vector[largest])) {
                largest = j;
            }
        }
        double sign = vector[largest] < 0 ? -1 : 1;
        for (int j = 0; j < vector.length; j++) {
            dest[offset + j] = (float) (sign * vector[j]);
        }
    }

    /** The training rows standardised and centred on the fly, read by rows or by columns. */
    private static final class Centred {

        private final FloatMatrix rows;
        private final Preprocessor scaler;
        private final float[] mean;

        Centred(FloatMatrix rows, Preprocessor scaler, float[] mean) {
            this.rows = rows;
            this.scaler = scaler;
            this.mean = mean;
        }

        int rows() {
            return rows.rows();
        }

        int width() {
            return rows.columns();
        }

        float[] mean() {
            return mean;
        }

        void readRow(int row, float[] dest) {
            readSlice(row, 0, rows.columns(), dest);
        }

        void readSlice(int row, int from, int length, float[] dest) {
            float[] raw = new float[length];
            rows.copyRow(row, from, raw, 0, length);
            scaler.standardise(raw, 0, length, from, dest, 0, row);
            for (int j = 0; j < length; j++) {
                dest[j] -= mean[from + j];
            }
        }

        void readRows(int start, int count, float[] dest, WorkPool pool) {
            int width = rows.columns();
            pool.forEachChunk(count, 32, (chunk, from, to) -> {
                float[] row = new float[width];
                for (int r = from; r < to; r++) {
                    readRow(start + r, row);
                    System.arraycopy(row, 0, dest, r * width, width);
                }
            });
        }

        void readColumns(int from, int length, float[] dest, WorkPool pool) {
            pool.forEachChunk(rows.rows(), 64, (chunk, first, last) -> {
                float[] slice = new float[length];
                for (int r = first; r < last; r++) {
                    readSlice(r, from, length, slice);
                    System.arraycopy(slice, 0, dest, r * length, length);
                }
            });
        }

        double totalVariance(WorkPool pool) {
            int n = rows.rows();
            int chunks = WorkPool.chunkCount(n, 1024);
            double[] partial = new double[chunks];
            int width = rows.columns();
            pool.forEachChunk(n, 1024, (chunk, from, to) -> {
                float[] row = new float[width];
                double sum = 0;
                for (int r = from; r < to; r++) {
                    readRow(r, row);
                    sum += Kernels.dot(row, 0, row, 0, width);
                }
                partial[chunk] = sum;
            });
            double total = 0;
            for (double value : partial) {
                total += value;
            }
            return total / n;
        }
    }
}
