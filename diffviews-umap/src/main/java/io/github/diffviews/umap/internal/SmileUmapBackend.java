package io.github.diffviews.umap.internal;

import io.github.diffviews.projection.Metric;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.spi.BackendException;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import smile.manifold.UMAP;
import smile.math.MathEx;
import smile.math.distance.Distance;
import smile.math.distance.EuclideanDistance;

/**
 * UMAP fitted by Smile 2.6 ({@code smile.manifold.UMAP}, LGPL-3.0), with this library's
 * preprocessing, neighbor index, transform and saved format around it.
 *
 * <pre>
 * The fit preprocesses the rows exactly as the native backend does, then hands them to
 * UMAP.of(rows, distance, k - 1, components, epochs, 1.0, min_dist, spread, 5, 1.0). Smile
 * counts neighbors without the row itself, hence k - 1; it needs at least 10 epochs; it finds
 * neighbors by exact linear search, so its fit grows with the square of the rows.
 *
 * Smile embeds only the largest connected component of its (directed) neighbor graph
 * (UMAP.index lists those rows). While the rows left out are at least a tenth of the data
 * (separate clusters), they are fitted again, and the pieces are laid side by side on a grid,
 * each keeping its own scale. The rows left after that (on real data, a few percent of outliers
 * that Smile's directed graph cuts off) are placed with the shared out-of-sample routine against
 * the embedded rows, exactly as new rows would be.
 *
 * Limitations, all Smile's own:
 *  - Not reproducible within a process. MathEx.setSeed(seed) seeds the calling thread's
 *    generator, but the spectral initialisation runs ARPACK (through its native binding), which
 *    draws its start vector from a generator that lives in the native library and advances with
 *    every call. The first fit in a JVM is the same from run to run; later fits in the same JVM
 *    differ from it. Transforms of a fitted projection are deterministic.
 *  - Not thread-safe: MathEx's seed bookkeeping and ARPACK's saved state are global. Fits are
 *    therefore serialised by one lock.
 *  - No progress inside Smile's fit, and cancellation is honoured only before and after it.
 * The native ARPACK and OpenBLAS libraries come from the org.bytedeco jars (linux-x86_64).
 * </pre>
 */
public final class SmileUmapBackend extends UmapBackendBase {

    /** The name the provider registers this backend under. */
    public static final String NAME = "smile";

    private static final Logger LOG = LoggerFactory.getLogger(SmileUmapBackend.class);

    /** Smile's UMAP keeps global state (MathEx seeds, ARPACK); one fit at a time. */
    private static final ReentrantLock SMILE_LOCK = new ReentrantLock();

    private static final int SMILE_MIN_EPOCHS = 10;
    private static final double PIECE_MARGIN = 5.0;
    private static final double REFIT_FRACTION = 0.1;

    /** Creates the backend. */
    public SmileUmapBackend() {
        super(NAME);
    }

    @Override
    UmapModel layout(FloatMatrix rows, UmapParameters parameters, Prepared prepared,
            WorkPool pool, ProgressListener progress, CancellationToken cancellation) {
        int n = rows.rows();
        int width = prepared.width();
        int components = parameters.components();
        int epochs = Math.max(SMILE_MIN_EPOCHS, parameters.epochsFor(n));
        float[] reduced = prepared.rows();
        Distance<double[]> distance = parameters.metric() == Metric.COSINE
                ? new CosineDistance() : new EuclideanDistance();
        int smileNeighbors = Math.max(2, parameters.neighbors() - 1);

        // Smile embeds only the largest connected component of its neighbor graph. Refit the
        // rest while it is a sizeable part of the data (separate clusters); what is left then
        // (outliers Smile's directed graph cut off) is placed by transform among the rest.
        List<int[]> pieces = new ArrayList<>();
        List<double[][]> layouts = new ArrayList<>();
        int[] remaining = new int[n];
        for (int i = 0; i < n; i++) {
            remaining[i] = i;
        }
        progress.progress(Stages.OPTIMIZE, 0, epochs);
        while (remaining.length > parameters.neighbors()
                && (pieces.isEmpty() || remaining.length >= REFIT_FRACTION * n)) {
            cancellation.throwIfCancelled("UMAP fit");
            double[][] data = new double[remaining.length][width];
            for (int r = 0; r < remaining.length; r++) {
                for (int j = 0; j < width; j++) {
                    data[r][j] = reduced[remaining[r] * width + j];
                }
            }
            UMAP umap = fitLocked(data, distance, smileNeighbors, components, epochs,
                    parameters);
            int[] piece = new int[umap.index.length];
            for (int r = 0; r < piece.length; r++) {
                piece[r] = remaining[umap.index[r]];
            }
            pieces.add(piece);
            layouts.add(umap.coordinates);
            remaining = without(remaining, umap.index);
        }
        cancellation.throwIfCancelled("UMAP fit");
        progress.progress(Stages.OPTIMIZE, epochs, epochs);

        double[] curve = CurveFit.fit(parameters.spread(), parameters.minDist());
        float[] embedding = new float[n * components];
        boolean[] placed = arrange(pieces, layouts, components, embedding, n);
        if (remaining.length > 0) {
            placeLeftovers(rows, parameters, prepared, embedding, placed, curve, pool);
        }
        return new UmapModel(NAME, parameters, prepared.preprocessor(), prepared.rows(),
                prepared.knn(), embedding, components, curve[0], curve[1]);
    }

    private static UMAP fitLocked(double[][] data, Distance<double[]> distance, int neighbors,
            int components, int epochs, UmapParameters parameters) {
        SMILE_LOCK.lock();
        try {
            MathEx.setSeed(parameters.seed());
            return UMAP.of(data, distance, neighbors, components, epochs, 1.0,
                    parameters.minDist(), parameters.spread(), 5, 1.0);
        } catch (LinkageError e) {
            throw new BackendException("The smile projection backend needs Smile's native "
                    + "ARPACK and OpenBLAS bindings (org.bytedeco:arpack-ng and openblas, "
                    + "classifier linux-x86_64) on the class path: " + e, e);
        } finally {
            SMILE_LOCK.unlock();
        }
    }

    private static int[] without(int[] rows, int[] taken) {
        boolean[] gone = new boolean[rows.length];
        for (int t : taken) {
            gone[t] = true;
        }
        int[] rest = new int[rows.length - taken.length];
        int k = 0;
        for (int r = 0; r < rows.length; r++) {
            if (!gone[r]) {
                rest[k++] = rows[r];
            }
        }
        return rest;
    }

    /**
     * Lays the separately fitted pieces side by side on a grid, largest first, each centred on
     * its cell. Pieces keep Smile's scale (the scale UMAP's curve gives its embeddings, which
     * the transform relies on); cells are as wide as the widest piece plus a margin, so no two
     * pieces overlap.
     */
    private static boolean[] arrange(List<int[]> pieces, List<double[][]> layouts,
            int components, float[] embedding, int n) {
        boolean[] placed = new boolean[n];
        int count = pieces.size();
        double[][] centres = new double[count][components];
        double widest = 0;
        for (int p = 0; p < count; p++) {
            double[][] layout = layouts.get(p);
            for (double[] point : layout) {
                for (int d = 0; d < components; d++) {
                    centres[p][d] += point[d] / layout.length;
                }
            }
            for (double[] point : layout) {
                double squared = 0;
                for (int d = 0; d < components; d++) {
                    squared += (point[d] - centres[p][d]) * (point[d] - centres[p][d]);
                }
                widest = Math.max(widest, Math.sqrt(squared));
            }
        }
        int columns = (int) Math.ceil(Math.sqrt(count));
        double cell = 2 * widest + PIECE_MARGIN;
        for (int p = 0; p < count; p++) {
            int[] piece = pieces.get(p);
            double[][] layout = layouts.get(p);
            double[] anchor = new double[components];
            if (count > 1) {
                anchor[0] = cell * (p % columns);
                anchor[1] = cell * (p / columns);
            } else {
                System.arraycopy(centres[p], 0, anchor, 0, components);
            }
            for (int r = 0; r < piece.length; r++) {
                placed[piece[r]] = true;
                for (int d = 0; d < components; d++) {
                    embedding[piece[r] * components + d] =
                            (float) (anchor[d] + layout[r][d] - centres[p][d]);
                }
            }
        }
        return placed;
    }

    /** Places the rows no piece took with the out-of-sample routine over those it did. */
    private static void placeLeftovers(FloatMatrix rows, UmapParameters parameters,
            Prepared prepared, float[] embedding, boolean[] placed, double[] curve,
            WorkPool pool) {
        int n = rows.rows();
        int width = prepared.width();
        int components = parameters.components();
        int kept = 0;
        for (boolean p : placed) {
            kept += p ? 1 : 0;
        }
        LOG.debug("Smile embedded {} of {} rows; placing the other {} by transform", kept, n,
                n - kept);
        if (kept <= parameters.neighbors()) {
            throw new IllegalStateException("Smile embedded only " + kept + " of " + n
                    + " rows; too few to place the rest (n_neighbors = "
                    + parameters.neighbors() + ")");
        }
        int[] sorted = new int[kept];
        int k = 0;
        for (int row = 0; row < n; row++) {
            if (placed[row]) {
                sorted[k++] = row;
            }
        }
        float[] subsetRows = new float[kept * width];
        float[] subsetEmbedding = new float[kept * components];
        for (int r = 0; r < kept; r++) {
            System.arraycopy(prepared.rows(), sorted[r] * width, subsetRows, r * width, width);
            System.arraycopy(embedding, sorted[r] * components, subsetEmbedding, r * components,
                    components);
        }
        KnnGraph subsetKnn = NearestNeighbors.compute(subsetRows, kept, width,
                parameters.neighbors(), parameters.metric(), parameters.seed(), pool,
                ProgressListener.NONE, CancellationToken.NONE);
        UmapModel subset = new UmapModel(NAME, parameters, prepared.preprocessor(), subsetRows,
                subsetKnn, subsetEmbedding, components, curve[0], curve[1]);
        for (int row = 0; row < n; row++) {
            if (!placed[row]) {
                float[] point = subset.transform(rows.row(row));
                System.arraycopy(point, 0, embedding, row * components, components);
            }
        }
    }

    /** Cosine distance, {@code 1 - cos}, for Smile's neighbor search. */
    private static final class CosineDistance implements Distance<double[]> {

        private static final long serialVersionUID = 1L;

        @Override
        public double d(double[] x, double[] y) {
            double dot = 0;
            double xx = 0;
            double yy = 0;
            for (int i = 0; i < x.length; i++) {
                dot += x[i] * y[i];
                xx += x[i] * x[i];
                yy += y[i] * y[i];
            }
            if (xx == 0 || yy == 0) {
                return xx == yy ? 0 : 1;
            }
            return Math.max(0, 1 - dot / Math.sqrt(xx * yy));
        }
    }
}
