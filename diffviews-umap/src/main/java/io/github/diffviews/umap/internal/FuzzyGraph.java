package io.github.diffviews.umap.internal;

import java.util.Arrays;

/**
 * The fuzzy simplicial set of the training rows: a symmetric weighted graph whose edge weights
 * (membership strengths, between 0 and 1) say how surely two rows are neighbors.
 *
 * <pre>
 * Smooth k-NN distances. For row i with neighbor distances d_1 &lt;= ... (the row itself
 * excluded), rho_i is the distance to the nearest neighbor at a positive distance, and sigma_i is
 * found by bisection (at most 64 halvings, tolerance 1e-5) so that
 *     sum_j exp(-max(0, d_j - rho_i) / sigma_i) = log2(k).
 * sigma_i is kept at least 1e-3 times the mean distance of row i (or of all rows, when every
 * neighbor of i is at distance 0), so duplicates cannot make it vanish.
 * The membership of the directed edge i -&gt; j is then exp(-max(0, d_ij - rho_i) / sigma_i): the
 * nearest neighbor always gets 1, and the row itself gets no edge.
 *
 * Fuzzy union. The directed memberships A are symmetrised with the probabilistic t-conorm
 *     W = A + A^T - A o A^T   (o: element-wise product),
 * the chance that at least one of the two directed edges holds.
 * </pre>
 *
 * <p>The graph is stored in compressed rows with the columns of each row sorted.
 */
public final class FuzzyGraph {

    private static final int BISECTION_STEPS = 64;
    private static final double TOLERANCE = 1e-5;
    private static final double MIN_SIGMA_SCALE = 1e-3;

    private final int rows;
    private final int[] rowStart;
    private final int[] columns;
    private final float[] weights;

    FuzzyGraph(int rows, int[] rowStart, int[] columns, float[] weights) {
        this.rows = rows;
        this.rowStart = rowStart;
        this.columns = columns;
        this.weights = weights;
    }

    /**
     * Builds the fuzzy union of the neighbor graph's local fuzzy sets.
     *
     * @param knn the neighbor graph (each row's first neighbor is itself)
     * @return the symmetric graph
     */
    public static FuzzyGraph of(KnnGraph knn) {
        int n = knn.rows();
        int k = knn.k();
        double[] sigmas = new double[n];
        double[] rhos = new double[n];
        smoothKnnDistances(knn.distances(), n, k, true, sigmas, rhos);
        float[] memberships = memberships(knn, sigmas, rhos);
        return union(knn, memberships);
    }

    /**
     * Computes rho and sigma for each row of a distance table.
     *
     * @param distances rows x k distances, ascending per row
     * @param rows the number of rows
     * @param k the number of distances per row
     * @param localConnectivity true to set rho to the first positive distance (training rows);
     *     false for rho = 0 (new rows in a transform, as umap-learn does)
     * @param sigmas receives sigma per row
     * @param rhos receives rho per row
     */
    static void smoothKnnDistances(float[] distances, int rows, int k,
            boolean localConnectivity, double[] sigmas, double[] rhos) {
        double target = Math.log(k) / Math.log(2);
        double globalMean = 0;
        for (float distance : distances) {
            globalMean += distance;
        }
        globalMean /= Math.max(1, distances.length);

        for (int i = 0; i < rows; i++) {
            int base = i * k;
            double rho = 0;
            if (localConnectivity) {
                for (int j = 0; j < k; j++) {
                    if (distances[base + j] > 0) {
                        rho = distances[base + j];
                        break;
                    }
                }
            }

            double lo = 0;
            double hi = Double.POSITIVE_INFINITY;
            double mid = 1;
            for (int step = 0; step < BISECTION_STEPS; step++) {
                double sum = 0;
                for (int j = 1; j < k; j++) {
                    double gap = distances[base + j] - rho;
                    sum += gap > 0 ? Math.exp(-gap / mid) : 1.0;
                }
                if (Math.abs(sum - target) < TOLERANCE) {
                    break;
                }
                if (sum > target) {
                    hi = mid;
                    mid = (lo + hi) / 2;
                } else {
                    lo = mid;
                    mid = hi == Double.POSITIVE_INFINITY ? mid * 2 : (lo + hi) / 2;
                }
            }

            double rowMean = 0;
            for (int j = 0; j < k; j++) {
                rowMean += distances[base + j];
            }
            rowMean /= k;
            double floor = MIN_SIGMA_SCALE * (rho > 0 ? rowMean : globalMean);
            sigmas[i] = Math.max(mid, floor);
            rhos[i] = rho;
        }
    }

    private static float[] memberships(KnnGraph knn, double[] sigmas, double[] rhos) {
        int n = knn.rows();
        int k = knn.k();
        float[] result = new float[n * k];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < k; s++) {
                int j = knn.index(i, s);
                double gap = knn.distance(i, s) - rhos[i];
                float value;
                if (j == i) {
                    value = 0f;
                } else if (gap <= 0 || sigmas[i] == 0) {
                    value = 1f;
                } else {
                    value = (float) Math.exp(-gap / sigmas[i]);
                }
                result[i * k + s] = value;
            }
        }
        return result;
    }

    private static FuzzyGraph union(KnnGraph knn, float[] memberships) {
        int n = knn.rows();
        int k = knn.k();
        // Every directed edge i -> j lands in row i (as A) and in row j (as A^T).
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < k; s++) {
                if (memberships[i * k + s] > 0) {
                    counts[i]++;
                    counts[knn.index(i, s)]++;
                }
            }
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + counts[i];
        }
        int[] fill = Arrays.copyOf(start, n);
        long[] keys = new long[start[n]];
        float[] forward = new float[start[n]];
        float[] backward = new float[start[n]];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < k; s++) {
                float value = memberships[i * k + s];
                if (value <= 0) {
                    continue;
                }
                int j = knn.index(i, s);
                int at = fill[i]++;
                keys[at] = j;
                forward[at] = value;
                at = fill[j]++;
                keys[at] = i;
                backward[at] = value;
            }
        }

        int[] rowStart = new int[n + 1];
        int[] columns = new int[start[n]];
        float[] weights = new float[start[n]];
        int written = 0;
        Integer[] order = new Integer[0];
        for (int i = 0; i < n; i++) {
            int from = start[i];
            int size = start[i + 1] - from;
            if (order.length < size) {
                order = new Integer[size];
            }
            for (int s = 0; s < size; s++) {
                order[s] = from + s;
            }
            Arrays.sort(order, 0, size, (x, y) -> Long.compare(keys[x], keys[y]));
            rowStart[i] = written;
            int s = 0;
            while (s < size) {
                int column = (int) keys[order[s]];
                double a = 0;
                double b = 0;
                while (s < size && keys[order[s]] == column) {
                    a += forward[order[s]];
                    b += backward[order[s]];
                    s++;
                }
                float weight = (float) (a + b - a * b);
                if (weight > 0) {
                    columns[written] = column;
                    weights[written] = weight;
                    written++;
                }
            }
        }
        rowStart[n] = written;
        return new FuzzyGraph(n, rowStart, Arrays.copyOf(columns, written),
                Arrays.copyOf(weights, written));
    }

    /**
     * Returns a copy without the edges lighter than {@code max / epochs}: they would not be
     * sampled even once during the optimisation (umap-learn drops them too).
     *
     * @param epochs the number of epochs
     * @return the pruned graph
     */
    public FuzzyGraph pruned(int epochs) {
        float max = 0f;
        for (float weight : weights) {
            max = Math.max(max, weight);
        }
        float threshold = max / epochs;
        int[] newStart = new int[rows + 1];
        int[] newColumns = new int[columns.length];
        float[] newWeights = new float[weights.length];
        int written = 0;
        for (int i = 0; i < rows; i++) {
            newStart[i] = written;
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                if (weights[e] >= threshold) {
                    newColumns[written] = columns[e];
                    newWeights[written] = weights[e];
                    written++;
                }
            }
        }
        newStart[rows] = written;
        return new FuzzyGraph(rows, newStart, Arrays.copyOf(newColumns, written),
                Arrays.copyOf(newWeights, written));
    }

    /**
     * Returns the number of rows (vertices).
     *
     * @return the row count
     */
    public int rows() {
        return rows;
    }

    /**
     * Returns the number of stored (directed) edges; each undirected edge is stored twice.
     *
     * @return the edge count
     */
    public int edges() {
        return columns.length;
    }

    int rowStart(int row) {
        return rowStart[row];
    }

    int rowEnd(int row) {
        return rowStart[row + 1];
    }

    int column(int edge) {
        return columns[edge];
    }

    float weight(int edge) {
        return weights[edge];
    }

    /**
     * Returns the weight of the edge between two rows.
     *
     * @param row the first row
     * @param column the second row
     * @return the membership strength, 0 without an edge
     */
    public float weight(int row, int column) {
        int e = Arrays.binarySearch(columns, rowStart[row], rowStart[row + 1], column);
        return e >= 0 ? weights[e] : 0f;
    }

    float maxWeight() {
        float max = 0f;
        for (float weight : weights) {
            max = Math.max(max, weight);
        }
        return max;
    }
}
