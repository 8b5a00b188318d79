package io.github.diffviews.benchmarks;

import io.github.diffviews.io.Npy;
import io.github.diffviews.projection.Metric;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import io.github.diffviews.umap.internal.ExactKnn;
import io.github.diffviews.umap.internal.KnnGraph;
import io.github.diffviews.umap.internal.NnDescent;
import io.github.diffviews.umap.internal.WorkPool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Measures NN-descent's recall at k = 15 against exact neighbors, and both times, on the first
 * rows of a matrix (Fashion-MNIST pixels by default). Prints one JSON object.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     io.github.diffviews.benchmarks.UmapRecall [ROWS.npy] [20000]
 * </pre>
 */
public final class UmapRecall {

    private UmapRecall() {
    }

    /**
     * Runs the measurement.
     *
     * @param args an optional {@code .npy} file of rows (else Fashion-MNIST) and a row count
     * @throws IOException if the rows cannot be read
     */
    public static void main(String[] args) throws IOException {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        FloatMatrix matrix = args.length > 0 && !args[0].isEmpty()
                ? Npy.mapMatrix(Path.of(args[0])) : FashionMnist.rows(rows);
        rows = Math.min(rows, matrix.rows());
        int dim = matrix.columns();
        float[] data = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            matrix.copyRow(i, 0, data, i * dim, dim);
        }
        int k = 15;
        int threads = Runtime.getRuntime().availableProcessors();
        try (WorkPool pool = new WorkPool(threads)) {
            long started = System.nanoTime();
            KnnGraph approximate = NnDescent.compute(data, rows, dim, k, Metric.EUCLIDEAN, 42,
                    pool, ProgressListener.NONE, CancellationToken.NONE);
            double descentSeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            KnnGraph exact = ExactKnn.compute(data, rows, dim, k, Metric.EUCLIDEAN, pool,
                    CancellationToken.NONE);
            double exactSeconds = (System.nanoTime() - started) / 1e9;

            long hits = 0;
            for (int i = 0; i < rows; i++) {
                Set<Integer> truth = new HashSet<>();
                for (int s = 0; s < k; s++) {
                    truth.add(exact.index(i, s));
                }
                for (int s = 0; s < k; s++) {
                    hits += truth.contains(approximate.index(i, s)) ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "{\"rows\": %d, \"width\": %d, \"k\": %d, "
                    + "\"threads\": %d, \"recall\": %.4f, \"nn_descent_seconds\": %.2f, "
                    + "\"exact_seconds\": %.2f}%n", rows, dim, k, threads,
                    hits / (double) (rows * k), descentSeconds, exactSeconds);
        }
    }
}
