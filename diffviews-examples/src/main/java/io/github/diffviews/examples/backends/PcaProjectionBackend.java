package io.github.diffviews.examples.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.FileTrees;
import io.github.diffviews.io.Npy;
import io.github.diffviews.io.NpyArray;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.projection.ProjectionFormat;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A linear projection backend: principal component analysis. Every projection it makes is an
 * affine map {@code point = W · (row − mean) + b}, so it transforms a row in {@code O(D · k)}
 * and saves as four small arrays.
 *
 * <ul>
 *   <li>{@link #fit}: the first {@code n_components} principal components of the rows, by power
 *       iteration with deflation on the centred rows (the {@code D x D} covariance is never
 *       formed), started from a seeded random vector; {@code b = 0}.</li>
 *   <li>{@link #rebuild}: keeps the given map and places new rows with the least-squares affine
 *       map from the rows' first 16 principal components to the map's coordinates (a small ridge
 *       term keeps it well posed).</li>
 *   <li>{@link #load}: reads what {@link Projection#save} wrote: the common descriptor plus
 *       {@code mean.npy}, {@code weights.npy}, {@code bias.npy} and {@code embedding.npy}.</li>
 * </ul>
 * UMAP's neighbor and layout parameters are kept for the record and otherwise ignored.
 */
public final class PcaProjectionBackend implements ProjectionBackend {

    /** The backend's name. */
    public static final String NAME = "pca";

    private static final int ITERATIONS = 200;

    private static final int REBUILD_COMPONENTS = 16;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Creates the backend; it holds no state. */
    public PcaProjectionBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Projection fit(FloatMatrix rows, UmapParameters parameters, ProgressListener progress,
            CancellationToken cancellation) {
        check(rows);
        int k = parameters.components();
        double[] mean = columnMeans(rows);
        double[][] components = principalComponents(rows, mean, k, parameters.seed(), progress,
                cancellation);
        float[][] weights = new float[k][];
        for (int j = 0; j < k; j++) {
            weights[j] = toFloats(components[j]);
        }
        AffineProjection projection = new AffineProjection(parameters, toFloats(mean), weights,
                new float[k], null);
        return projection.withEmbedding(projection.transform(rows));
    }

    @Override
    public Projection rebuild(FloatMatrix rows, FloatMatrix coordinates,
            UmapParameters parameters, ProgressListener progress,
            CancellationToken cancellation) {
        check(rows);
        if (coordinates.rows() != rows.rows()) {
            throw new IllegalArgumentException(rows.rows() + " rows but " + coordinates.rows()
                    + " coordinates");
        }
        int k = coordinates.columns();
        int q = Math.min(REBUILD_COMPONENTS, Math.min(rows.rows() - 1, rows.columns()));
        double[] mean = columnMeans(rows);
        double[][] components = principalComponents(rows, mean, q, parameters.seed(), progress,
                cancellation);

        // Least squares of [scores, 1] (n x (q + 1)) onto the coordinates (n x k).
        int n = rows.rows();
        double[][] design = new double[n][q + 1];
        for (int i = 0; i < n; i++) {
            float[] row = rows.row(i);
            for (int j = 0; j < q; j++) {
                design[i][j] = dot(components[j], row, mean);
            }
            design[i][q] = 1;
        }
        double[][] coefficients = leastSquares(design, coordinates, 1e-6);

        float[][] weights = new float[k][rows.columns()];
        float[] bias = new float[k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < q; j++) {
                for (int d = 0; d < rows.columns(); d++) {
                    weights[c][d] += (float) (coefficients[j][c] * components[j][d]);
                }
            }
            bias[c] = (float) coefficients[q][c];
        }
        return new AffineProjection(parameters, toFloats(mean), weights, bias,
                copy(coordinates));
    }

    @Override
    public Projection load(Path directory) throws IOException {
        ProjectionFormat.Descriptor descriptor = ProjectionFormat.readDescriptor(directory);
        if (!NAME.equals(descriptor.backend())) {
            throw new DataFormatException(descriptor.file(), "written by the '"
                    + descriptor.backend() + "' backend, not '" + NAME + "'");
        }
        UmapParameters parameters = UmapParameters.fromJson(descriptor.json().get("parameters")
                .toString());
        float[] mean = Npy.read(directory.resolve("mean.npy")).toFloatArray();
        NpyArray weightArray = Npy.read(directory.resolve("weights.npy"));
        float[] bias = Npy.read(directory.resolve("bias.npy")).toFloatArray();
        NpyArray embedding = Npy.read(directory.resolve("embedding.npy"));
        int k = weightArray.shape()[0];
        int width = weightArray.shape()[1];
        if (mean.length != width || bias.length != k || embedding.shape()[1] != k) {
            throw new DataFormatException(directory, "mean, weights, bias and embedding do not "
                    + "fit together: " + mean.length + ", " + Arrays.toString(weightArray.shape())
                    + ", " + bias.length + ", " + Arrays.toString(embedding.shape()));
        }
        float[] values = weightArray.toFloatArray();
        float[][] weights = new float[k][];
        for (int j = 0; j < k; j++) {
            weights[j] = Arrays.copyOfRange(values, j * width, (j + 1) * width);
        }
        return new AffineProjection(parameters, mean, weights, bias, FloatMatrix.wrap(
                embedding.toFloatArray(), embedding.shape()[0], k));
    }

    private static void check(FloatMatrix rows) {
        if (rows.rows() < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 rows, got " + rows.rows());
        }
        for (int i = 0; i < rows.rows(); i++) {
            for (float value : rows.row(i)) {
                if (!Float.isFinite(value)) {
                    throw new IllegalArgumentException("Row " + i + " holds " + value);
                }
            }
        }
    }

    private static double[] columnMeans(FloatMatrix rows) {
        double[] mean = new double[rows.columns()];
        for (int i = 0; i < rows.rows(); i++) {
            float[] row = rows.row(i);
            for (int d = 0; d < row.length; d++) {
                mean[d] += row[d];
            }
        }
        for (int d = 0; d < mean.length; d++) {
            mean[d] /= rows.rows();
        }
        return mean;
    }

    /**
     * Returns the first {@code k} unit principal directions: power iteration on the centred rows
     * {@code X}, each step {@code v ← Xᵀ(X v)} with the directions found so far projected out.
     */
    private static double[][] principalComponents(FloatMatrix rows, double[] mean, int k,
            long seed, ProgressListener progress, CancellationToken cancellation) {
        int n = rows.rows();
        int width = rows.columns();
        SplittableRandom random = new SplittableRandom(seed);
        double[][] found = new double[k][];
        for (int j = 0; j < k; j++) {
            cancellation.throwIfCancelled("PCA");
            double[] v = new double[width];
            for (int d = 0; d < width; d++) {
                v[d] = random.nextDouble() - 0.5;
            }
            orthonormalise(v, found, j);
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                double[] scores = new double[n];
                for (int i = 0; i < n; i++) {
                    scores[i] = dot(v, rows.row(i), mean);
                }
                double[] next = new double[width];
                for (int i = 0; i < n; i++) {
                    float[] row = rows.row(i);
                    for (int d = 0; d < width; d++) {
                        next[d] += scores[i] * (row[d] - mean[d]);
                    }
                }
                orthonormalise(next, found, j);
                double change = 0;
                for (int d = 0; d < width; d++) {
                    change = Math.max(change, Math.abs(next[d] - v[d]));
                }
                v = next;
                if (change < 1e-7) {
                    break;
                }
            }
            found[j] = v;
            progress.progress("pca", j + 1L, k);
        }
        return found;
    }

    private static void orthonormalise(double[] v, double[][] basis, int count) {
        for (int b = 0; b < count; b++) {
            double projection = 0;
            for (int d = 0; d < v.length; d++) {
                projection += v[d] * basis[b][d];
            }
            for (int d = 0; d < v.length; d++) {
                v[d] -= projection * basis[b][d];
            }
        }
        double norm = 0;
        for (double value : v) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            v[count % v.length] = 1;
            return;
        }
        for (int d = 0; d < v.length; d++) {
            v[d] /= norm;
        }
    }

    private static double dot(double[] direction, float[] row, double[] mean) {
        double sum = 0;
        for (int d = 0; d < row.length; d++) {
            sum += direction[d] * (row[d] - mean[d]);
        }
        return sum;
    }

    /** Solves {@code (AᵀA + λI) X = AᵀB} by Gauss–Jordan elimination with partial pivoting. */
    private static double[][] leastSquares(double[][] a, FloatMatrix b, double lambda) {
        int p = a[0].length;
        int k = b.columns();
        double[][] system = new double[p][p + k];
        for (int i = 0; i < a.length; i++) {
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    system[r][c] += a[i][r] * a[i][c];
                }
                for (int c = 0; c < k; c++) {
                    system[r][p + c] += a[i][r] * b.get(i, c);
                }
            }
        }
        for (int r = 0; r < p; r++) {
            system[r][r] += lambda;
        }
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(system[r][col]) > Math.abs(system[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = system[col];
            system[col] = system[pivot];
            system[pivot] = swap;
            double scale = system[col][col];
            for (int c = 0; c < p + k; c++) {
                system[col][c] /= scale;
            }
            for (int r = 0; r < p; r++) {
                if (r != col && system[r][col] != 0) {
                    double factor = system[r][col];
                    for (int c = 0; c < p + k; c++) {
                        system[r][c] -= factor * system[col][c];
                    }
                }
            }
        }
        double[][] solution = new double[p][k];
        for (int r = 0; r < p; r++) {
            System.arraycopy(system[r], p, solution[r], 0, k);
        }
        return solution;
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    private static FloatMatrix copy(FloatMatrix matrix) {
        return FloatMatrix.wrap(matrix.toFloatArray(), matrix.rows(), matrix.columns());
    }

    /** {@code point = W · (row − mean) + b}, with the training rows' coordinates. */
    private static final class AffineProjection implements Projection {

        private final UmapParameters parameters;
        private final float[] mean;
        private final float[][] weights;
        private final float[] bias;
        private final FloatMatrix embedding;

        AffineProjection(UmapParameters parameters, float[] mean, float[][] weights,
                float[] bias, FloatMatrix embedding) {
            this.parameters = parameters;
            this.mean = mean;
            this.weights = weights;
            this.bias = bias;
            this.embedding = embedding;
        }

        AffineProjection withEmbedding(FloatMatrix coordinates) {
            return new AffineProjection(parameters, mean, weights, bias, coordinates);
        }

        @Override
        public String backend() {
            return NAME;
        }

        @Override
        public UmapParameters parameters() {
            return parameters;
        }

        @Override
        public int inputWidth() {
            return mean.length;
        }

        @Override
        public int components() {
            return weights.length;
        }

        @Override
        public FloatMatrix embedding() {
            return embedding;
        }

        @Override
        public float[] transform(float[] row) {
            if (row.length != mean.length) {
                throw new IllegalArgumentException("Row has " + row.length + " values; the "
                        + "projection takes " + mean.length);
            }
            float[] point = new float[weights.length];
            for (int c = 0; c < weights.length; c++) {
                double sum = bias[c];
                float[] w = weights[c];
                for (int d = 0; d < row.length; d++) {
                    if (!Float.isFinite(row[d])) {
                        throw new IllegalArgumentException("Value " + d + " of the row is "
                                + row[d]);
                    }
                    sum += w[d] * (double) (row[d] - mean[d]);
                }
                point[c] = (float) sum;
            }
            return point;
        }

        @Override
        public FloatMatrix transform(FloatMatrix rows) {
            float[] out = new float[rows.rows() * weights.length];
            for (int i = 0; i < rows.rows(); i++) {
                System.arraycopy(transform(rows.row(i)), 0, out, i * weights.length,
                        weights.length);
            }
            return FloatMatrix.wrap(out, rows.rows(), weights.length);
        }

        @Override
        public void save(Path directory) throws IOException {
            Path staging = AtomicFiles.temporarySibling(directory.toAbsolutePath());
            Files.createDirectories(staging);
            ObjectNode descriptor = JSON.createObjectNode();
            descriptor.put("format", ProjectionFormat.FORMAT_NAME);
            descriptor.put("format_version", ProjectionFormat.VERSION);
            descriptor.put("backend", NAME);
            JsonNode parameterJson = JSON.readTree(parameters.toJson());
            descriptor.set("parameters", parameterJson);
            descriptor.put("input_width", mean.length);
            descriptor.put("components", weights.length);
            Files.writeString(staging.resolve(ProjectionFormat.DESCRIPTOR_FILE),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(descriptor));
            Npy.write(staging.resolve("mean.npy"), FloatMatrix.wrap(mean, 1, mean.length));
            float[] flat = new float[weights.length * mean.length];
            for (int c = 0; c < weights.length; c++) {
                System.arraycopy(weights[c], 0, flat, c * mean.length, mean.length);
            }
            Npy.write(staging.resolve("weights.npy"), FloatMatrix.wrap(flat, weights.length,
                    mean.length));
            Npy.write(staging.resolve("bias.npy"), FloatMatrix.wrap(bias, 1, bias.length));
            Npy.write(staging.resolve("embedding.npy"), embedding);
            Path target = directory.toAbsolutePath();
            if (Files.exists(target)) {
                if (!Files.isRegularFile(target.resolve(ProjectionFormat.DESCRIPTOR_FILE))) {
                    FileTrees.delete(staging);
                    throw new IOException(target + " exists and is not a saved projection");
                }
                FileTrees.delete(target);
            }
            AtomicFiles.moveIntoPlace(staging, target);
        }

        @Override
        public String toString() {
            return "PCA projection " + mean.length + " → " + weights.length;
        }
    }
}
