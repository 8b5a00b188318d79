package io.github.diffviews.umap.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initial layout: the spectral embedding of the fuzzy graph, as umap-learn starts from.
 *
 * <pre>
 * For a connected graph with weights W and degrees D, the layout is made of the eigenvectors of
 * the normalised Laplacian L = I - D^-1/2 W D^-1/2 with the smallest eigenvalues after the
 * trivial one (eigenvalue 0, eigenvector D^1/2 1). Equivalently, the largest eigenvectors of
 * M = D^-1/2 W D^-1/2 after the trivial one (eigenvalue 1).
 *
 * Small components (up to 256 rows) are diagonalised densely. Larger ones run block Lanczos on
 * M (blocks of dim + 1 vectors, so eigenvalues that are equal or nearly so are found too) with
 * full reorthogonalisation (Gram-Schmidt against every earlier vector, repeated when a pass
 * removes most of the vector) and the trivial eigenvector projected out, from start vectors
 * drawn from the seed. It stops when the wanted Ritz values change by less than 1e-9 between
 * checks, or when the basis holds 128 vectors, and uses the best Ritz vectors it has (an
 * initial layout needs no more). Products and dot products are computed in fixed chunks, so
 * the layout does not depend on the thread count. Each eigenvector's sign is fixed so that its
 * largest entry is positive.
 *
 * Disconnected graphs get umap-learn's treatment: each connected component is laid out on its
 * own and placed around an anchor. With at most 2 x dim components the anchors are the unit
 * axes and their opposites; with more, they are a classical scaling of the components'
 * centroids in the preprocessed space (random anchors beyond 1,024 components). A component is
 * scaled to half the distance from its anchor to the nearest other anchor. Components too small
 * for an eigenvector layout (fewer than 2 x dim rows, or at most dim + 1), and any whose
 * Lanczos run breaks down, are placed uniformly at random in that box instead; a breakdown is
 * logged at WARN.
 *
 * Finally, as umap-learn does, the layout is scaled so its largest coordinate is 10, a little
 * Gaussian noise (standard deviation 1e-4) is added, and each axis is rescaled to [0, 10].
 * </pre>
 */
final class SpectralInit {

    private static final Logger LOG = LoggerFactory.getLogger(SpectralInit.class);

    static final int DENSE_LIMIT = 256;
    private static final int MAX_BASIS = 128;
    private static final double VALUE_TOLERANCE = 1e-9;
    private static final int CHUNK = 4096;

    private SpectralInit() {
    }

    /**
     * Computes the initial layout.
     *
     * @param graph the (pruned) fuzzy graph
     * @param data the preprocessed rows, for anchoring many components
     * @param dataWidth the preprocessed row width
     * @param dim the number of embedding dimensions
     * @param seed the seed
     * @param pool the worker threads
     * @return rows x dim coordinates, row-major, each axis in [0, 10]
     */
    static float[] layout(FuzzyGraph graph, float[] data, int dataWidth, int dim, long seed,
            WorkPool pool) {
        int n = graph.rows();
        int[] component = components(graph);
        int count = 0;
        for (int c : component) {
            count = Math.max(count, c + 1);
        }
        int[][] members = membersBySize(component, count);

        double[] coordinates = new double[n * dim];
        if (members.length == 1) {
            double[][] vectors = spectral(graph, members[0], dim, seed, pool);
            if (vectors == null) {
                LOG.warn("Spectral initialisation failed (the eigen-solver broke down); "
                        + "starting UMAP from a random layout");
                randomBox(members[0], new double[dim], 10.0, dim, Rng.stream(seed, 0x1a1dL, 0),
                        coordinates);
            } else {
                place(members[0], vectors, new double[dim], 1.0, dim, coordinates);
            }
        } else {
            LOG.debug("The neighbor graph has {} connected components; laying them out apart",
                    members.length);
            double[][] anchors = anchors(members, data, dataWidth, dim, seed);
            for (int c = 0; c < members.length; c++) {
                double range = halfDistanceToNearest(anchors, c);
                int[] rows = members[c];
                double[][] vectors = null;
                if (rows.length >= 2 * dim && rows.length > dim + 1) {
                    vectors = spectral(graph, rows, dim, Rng.hash(seed, 0xc0L, c), pool);
                    if (vectors == null) {
                        LOG.warn("Spectral layout of a component of {} rows failed; placing it "
                                + "at random", rows.length);
                    }
                }
                if (vectors == null) {
                    randomBox(rows, anchors[c], range, dim, Rng.stream(seed, 0x1a1dL, c + 1L),
                            coordinates);
                } else {
                    place(rows, vectors, anchors[c], range, dim, coordinates);
                }
            }
        }
        return finish(coordinates, n, dim, seed);
    }

    /** Scales to a largest |coordinate| of 10, adds tiny noise, rescales each axis to [0, 10]. */
    static float[] finish(double[] coordinates, int n, int dim, long seed) {
        double largest = 0;
        for (double value : coordinates) {
            largest = Math.max(largest, Math.abs(value));
        }
        double expansion = largest > 0 ? 10.0 / largest : 1.0;
        Rng noise = Rng.stream(seed, 0x4015eL, 0);
        float[] result = new float[n * dim];
        for (int i = 0; i < result.length; i++) {
            result[i] = (float) (coordinates[i] * expansion + 1e-4 * noise.nextGaussian());
        }
        rescaleAxes(result, n, dim);
        return result;
    }

    /** Rescales each axis of a layout to [0, 10], as umap-learn does before optimising. */
    static void rescaleAxes(float[] layout, int n, int dim) {
        for (int d = 0; d < dim; d++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                min = Math.min(min, layout[i * dim + d]);
                max = Math.max(max, layout[i * dim + d]);
            }
            float span = max - min;
            for (int i = 0; i < n; i++) {
                layout[i * dim + d] = span > 0 ? 10f * (layout[i * dim + d] - min) / span : 5f;
            }
        }
    }

    private static void place(int[] rows, double[][] vectors, double[] anchor, double range,
            int dim, double[] coordinates) {
        double largest = 0;
        for (double[] vector : vectors) {
            for (double value : vector) {
                largest = Math.max(largest, Math.abs(value));
            }
        }
        double scale = largest > 0 ? range / largest : 0;
        for (int r = 0; r < rows.length; r++) {
            for (int d = 0; d < dim; d++) {
                coordinates[rows[r] * dim + d] = anchor[d] + scale * vectors[d][r];
            }
        }
    }

    private static void randomBox(int[] rows, double[] anchor, double range, int dim, Rng rng,
            double[] coordinates) {
        for (int row : rows) {
            for (int d = 0; d < dim; d++) {
                coordinates[row * dim + d] = anchor[d] + range * (2 * rng.nextDouble() - 1);
            }
        }
    }

    // ---- components --------------------------------------------------------------------------

    /** Labels connected components, numbered by their smallest row. */
    static int[] components(FuzzyGraph graph) {
        int n = graph.rows();
        int[] label = new int[n];
        Arrays.fill(label, -1);
        int[] stack = new int[n];
        int next = 0;
        for (int start = 0; start < n; start++) {
            if (label[start] >= 0) {
                continue;
            }
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            while (top > 0) {
                int row = stack[--top];
                for (int e = graph.rowStart(row); e < graph.rowEnd(row); e++) {
                    int other = graph.column(e);
                    if (label[other] < 0) {
                        label[other] = next;
                        stack[top++] = other;
                    }
                }
            }
            next++;
        }
        return label;
    }

    /** Groups rows by component, largest component first (ties: smallest first row). */
    private static int[][] membersBySize(int[] component, int count) {
        int[] sizes = new int[count];
        for (int c : component) {
            sizes[c]++;
        }
        int[][] members = new int[count][];
        int[] fill = new int[count];
        for (int c = 0; c < count; c++) {
            members[c] = new int[sizes[c]];
        }
        for (int row = 0; row < component.length; row++) {
            int c = component[row];
            members[c][fill[c]++] = row;
        }
        Integer[] order = new Integer[count];
        for (int c = 0; c < count; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (x, y) -> sizes[x] != sizes[y] ? Integer.compare(sizes[y], sizes[x])
                : Integer.compare(x, y));
        int[][] sorted = new int[count][];
        for (int c = 0; c < count; c++) {
            sorted[c] = members[order[c]];
        }
        return sorted;
    }

    private static double[][] anchors(int[][] members, float[] data, int width, int dim,
            long seed) {
        int count = members.length;
        double[][] anchors = new double[count][dim];
        if (count <= 2 * dim) {
            for (int c = 0; c < count; c++) {
                anchors[c][c % dim] = c < dim ? 1 : -1;
            }
            return anchors;
        }
        if (count > 1024) {
            Rng rng = Rng.stream(seed, 0xa0c4L, count);
            for (int c = 0; c < count; c++) {
                for (int d = 0; d < dim; d++) {
                    anchors[c][d] = 2 * rng.nextDouble() - 1;
                }
            }
            return anchors;
        }

        // Classical scaling of the component centroids: the top eigenvectors of their centred
        // Gram matrix, scaled by the square roots of the eigenvalues.
        double[][] centroids = new double[count][width];
        for (int c = 0; c < count; c++) {
            for (int row : members[c]) {
                for (int j = 0; j < width; j++) {
                    centroids[c][j] += data[row * width + j];
                }
            }
            for (int j = 0; j < width; j++) {
                centroids[c][j] /= members[c].length;
            }
        }
        double[] mean = new double[width];
        for (double[] centroid : centroids) {
            for (int j = 0; j < width; j++) {
                mean[j] += centroid[j] / count;
            }
        }
        double[][] gram = new double[count][count];
        for (int a = 0; a < count; a++) {
            for (int b = 0; b <= a; b++) {
                double sum = 0;
                for (int j = 0; j < width; j++) {
                    sum += (centroids[a][j] - mean[j]) * (centroids[b][j] - mean[j]);
                }
                gram[a][b] = sum;
                gram[b][a] = sum;
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(gram);
        double largest = 0;
        for (int d = 0; d < dim; d++) {
            int index = count - 1 - d;
            double scale = Math.sqrt(Math.max(0, eigen.value(index)));
            double[] vector = signFixed(eigen.vector(index));
            for (int c = 0; c < count; c++) {
                anchors[c][d] = scale * vector[c];
                largest = Math.max(largest, Math.abs(anchors[c][d]));
            }
        }
        for (double[] anchor : anchors) {
            for (int d = 0; d < dim; d++) {
                anchor[d] = largest > 0 ? anchor[d] / largest : 0;
            }
        }
        return anchors;
    }

    private static double halfDistanceToNearest(double[][] anchors, int c) {
        double nearest = Double.POSITIVE_INFINITY;
        for (int other = 0; other < anchors.length; other++) {
            if (other == c) {
                continue;
            }
            double sum = 0;
            for (int d = 0; d < anchors[c].length; d++) {
                double diff = anchors[c][d] - anchors[other][d];
                sum += diff * diff;
            }
            nearest = Math.min(nearest, Math.sqrt(sum));
        }
        if (!(nearest > 0) || Double.isInfinite(nearest)) {
            return 0.05;
        }
        return nearest / 2;
    }

    // ---- eigenvectors ------------------------------------------------------------------------

    /**
     * Returns dim eigenvectors (one array of component rows each) of the component's
     * normalised adjacency after the trivial one, or null if the solver broke down.
     */
    static double[][] spectral(FuzzyGraph graph, int[] rows, int dim, long seed, WorkPool pool) {
        int m = rows.length;
        int[] local = new int[graph.rows()];
        Arrays.fill(local, -1);
        for (int r = 0; r < m; r++) {
            local[rows[r]] = r;
        }
        double[] invSqrtDegree = new double[m];
        double[] trivial = new double[m];
        for (int r = 0; r < m; r++) {
            double degree = 0;
            for (int e = graph.rowStart(rows[r]); e < graph.rowEnd(rows[r]); e++) {
                degree += graph.weight(e);
            }
            invSqrtDegree[r] = degree > 0 ? 1 / Math.sqrt(degree) : 0;
            trivial[r] = Math.sqrt(degree);
        }
        normalize(trivial);

        Operator operator = (x, y) -> pool.forEachChunk(m, CHUNK, (chunk, from, to) -> {
            for (int r = from; r < to; r++) {
                int row = rows[r];
                double sum = 0;
                for (int e = graph.rowStart(row); e < graph.rowEnd(row); e++) {
                    int other = local[graph.column(e)];
                    sum += graph.weight(e) * invSqrtDegree[other] * x[other];
                }
                y[r] = invSqrtDegree[r] * sum;
            }
        });

        double[][] vectors = m <= DENSE_LIMIT
                ? dense(operator, m, dim)
                : lanczos(operator, trivial, m, dim, seed, pool);
        if (vectors == null) {
            return null;
        }
        for (int d = 0; d < dim; d++) {
            vectors[d] = signFixed(vectors[d]);
        }
        return vectors;
    }

    private static double[][] dense(Operator operator, int m, int dim) {
        double[][] matrix = new double[m][];
        double[] unit = new double[m];
        for (int c = 0; c < m; c++) {
            unit[c] = 1;
            double[] column = new double[m];
            operator.apply(unit, column);
            matrix[c] = column;
            unit[c] = 0;
        }
        SymmetricEigen eigen = SymmetricEigen.of(matrix);
        if (m < dim + 1) {
            return null;
        }
        double[][] vectors = new double[dim][];
        for (int d = 0; d < dim; d++) {
            vectors[d] = eigen.vector(m - 2 - d).clone();
        }
        return vectors;
    }

    /**
     * Block Lanczos with full reorthogonalisation. A block of {@code dim + 1} vectors, unlike a
     * single vector, also finds eigenvectors that share (or nearly share) an eigenvalue, such
     * as the cosine and sine of a ring. The projected matrix {@code T = Q^T M Q} is filled from
     * the first Gram-Schmidt pass's coefficients, so no product is computed twice.
     */
    private static double[][] lanczos(Operator operator, double[] trivial, int m, int dim,
            long seed, WorkPool pool) {
        int block = dim + 1;
        int maxBasis = Math.min(MAX_BASIS, m - 1);
        List<double[]> basis = new ArrayList<>();
        double[][] projected = new double[maxBasis][maxBasis];
        Rng rng = Rng.stream(seed, 0x1a2c05L, m);

        List<double[]> current = new ArrayList<>();
        for (int b = 0; b < block; b++) {
            double[] v = new double[m];
            for (int i = 0; i < m; i++) {
                v[i] = rng.nextGaussian();
            }
            if (orthonormalize(v, trivial, basis, current, pool)) {
                current.add(v);
            }
        }
        if (current.size() < dim) {
            return null;
        }

        int processed = 0;
        SymmetricEigen ritz = null;
        double[] residuals = new double[dim];
        double[] values = new double[dim];
        double[] previous = null;
        while (!current.isEmpty()) {
            basis.addAll(current);
            List<double[]> next = new ArrayList<>();
            for (double[] v : current) {
                double[] w = new double[m];
                operator.apply(v, w);
                // The first pass's coefficients are column `processed` of Q^T M Q.
                double[] coefficients = dots(w, basis, pool);
                for (int i = 0; i < basis.size(); i++) {
                    projected[i][processed] = coefficients[i];
                    projected[processed][i] = coefficients[i];
                }
                processed++;
                if (basis.size() + next.size() < maxBasis
                        && orthonormalize(w, trivial, basis, next, pool)) {
                    next.add(w);
                }
            }

            boolean last = next.isEmpty() || basis.size() + next.size() > maxBasis;
            if (processed >= dim && (last || processed % (2 * block) == 0)) {
                double[][] t = new double[processed][processed];
                for (int i = 0; i < processed; i++) {
                    System.arraycopy(projected[i], 0, t[i], 0, processed);
                }
                ritz = SymmetricEigen.of(t);
                // Ritz values settle well before Ritz vectors do; once the wanted ones stop
                // moving, the vectors are good enough to start a layout from.
                boolean settled = previous != null;
                for (int d = 0; d < dim; d++) {
                    double value = ritz.value(processed - 1 - d);
                    settled &= previous != null
                            && Math.abs(value - previous[d]) < VALUE_TOLERANCE;
                    values[d] = value;
                }
                previous = values.clone();
                if (settled || last) {
                    break;
                }
            }
            current = last ? new ArrayList<>() : next;
        }
        if (ritz == null) {
            return null;
        }
        if (LOG.isDebugEnabled()) {
            for (int d = 0; d < dim; d++) {
                residuals[d] = residual(operator, basis, ritz, processed - 1 - d, m);
            }
            LOG.debug("Block Lanczos on {} rows: {} vectors, Ritz values {}, residuals {}", m,
                    processed, Arrays.toString(values), Arrays.toString(residuals));
        }

        double[][] vectors = new double[dim][];
        for (int d = 0; d < dim; d++) {
            vectors[d] = ritzVector(basis, ritz, processed - 1 - d, m);
            if (!normalize(vectors[d])) {
                return null;
            }
        }
        return vectors;
    }

    private static double[] ritzVector(List<double[]> basis, SymmetricEigen ritz, int index,
            int m) {
        double[] z = ritz.vector(index);
        double[] y = new double[m];
        for (int j = 0; j < z.length; j++) {
            double coefficient = z[j];
            double[] q = basis.get(j);
            for (int i = 0; i < m; i++) {
                y[i] += coefficient * q[i];
            }
        }
        return y;
    }

    private static double residual(Operator operator, List<double[]> basis, SymmetricEigen ritz,
            int index, int m) {
        double[] y = ritzVector(basis, ritz, index, m);
        double[] ay = new double[m];
        operator.apply(y, ay);
        double theta = ritz.value(index);
        double sum = 0;
        for (int i = 0; i < m; i++) {
            double r = ay[i] - theta * y[i];
            sum += r * r;
        }
        return Math.sqrt(sum);
    }

    /**
     * Orthogonalises v against the trivial vector, the basis and the vectors pending, twice,
     * then normalises it; false if nothing independent is left.
     */
    private static boolean orthonormalize(double[] v, double[] trivial, List<double[]> basis,
            List<double[]> pending, WorkPool pool) {
        double before = Math.sqrt(dot(v, v, pool));
        List<double[]> against = new ArrayList<>(basis.size() + pending.size() + 1);
        against.add(trivial);
        against.addAll(basis);
        against.addAll(pending);
        double after = before;
        for (int pass = 0; pass < 2; pass++) {
            double[] coefficients = dots(v, against, pool);
            subtract(v, against, coefficients, pool);
            double norm = Math.sqrt(dot(v, v, pool));
            boolean enough = norm > 0.7071 * after;
            after = norm;
            if (enough) {
                // Little was removed, so rounding left little behind: one pass suffices
                // (the criterion of Daniel, Gragg, Kaufman and Stewart).
                break;
            }
        }
        if (!(after > 1e-10 * Math.max(before, 1e-300))) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= after;
        }
        return true;
    }

    /** Returns the dot products of w with each vector, summed in fixed chunks. */
    private static double[] dots(double[] w, List<double[]> vectors, WorkPool pool) {
        int m = w.length;
        int count = vectors.size();
        int chunks = WorkPool.chunkCount(m, CHUNK);
        double[][] partial = new double[chunks][count];
        pool.forEachChunk(m, CHUNK, (chunk, from, to) -> {
            double[] sums = partial[chunk];
            for (int b = 0; b < count; b++) {
                double[] q = vectors.get(b);
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += q[i] * w[i];
                }
                sums[b] = sum;
            }
        });
        double[] result = new double[count];
        for (double[] sums : partial) {
            for (int b = 0; b < count; b++) {
                result[b] += sums[b];
            }
        }
        return result;
    }

    private static void subtract(double[] w, List<double[]> vectors, double[] coefficients,
            WorkPool pool) {
        int count = vectors.size();
        pool.forEachChunk(w.length, CHUNK, (chunk, from, to) -> {
            for (int b = 0; b < count; b++) {
                double[] q = vectors.get(b);
                double c = coefficients[b];
                for (int i = from; i < to; i++) {
                    w[i] -= c * q[i];
                }
            }
        });
    }

    private static double dot(double[] x, double[] y, WorkPool pool) {
        int chunks = WorkPool.chunkCount(x.length, CHUNK);
        double[] partial = new double[chunks];
        pool.forEachChunk(x.length, CHUNK, (chunk, from, to) -> {
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += x[i] * y[i];
            }
            partial[chunk] = sum;
        });
        double total = 0;
        for (double value : partial) {
            total += value;
        }
        return total;
    }

    private static boolean normalize(double[] v) {
        double sum = 0;
        for (double value : v) {
            sum += value * value;
        }
        double norm = Math.sqrt(sum);
        if (!(norm > 1e-300)) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return true;
    }

    private static double[] signFixed(double[] vector) {
        int largest = 0;
        for (int i = 1; i < vector.length; i++) {
            if (Math.abs(vector[i]) > Math.abs(vector[largest])) {
                largest = i;
            }
        }
        double[] copy = vector.clone();
        if (copy.length > 0 && copy[largest] < 0) {
            for (int i = 0; i < copy.length; i++) {
                copy[i] = -copy[i];
            }
        }
        return copy;
    }

    /** A symmetric linear operator. */
    @FunctionalInterface
    private interface Operator {

        void apply(double[] x, double[] y);
    }
}
