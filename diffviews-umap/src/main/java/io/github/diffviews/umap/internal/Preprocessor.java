package io.github.diffviews.umap.internal;

import io.github.diffviews.projection.Metric;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an activation row into the vector UMAP works on, the way the Python tool prepares its
 * rows: optional standardisation of each column (zero mean, unit population variance; a constant
 * column keeps scale 1, as scikit-learn's {@code StandardScaler} does), then optional PCA to a
 * fixed number of components when the rows are wider than that, then, for the cosine metric,
 * scaling to unit length (so that Euclidean search on the result ranks rows by cosine distance).
 *
 * <p>A preprocessor is immutable. The same {@link #apply(float[], float[])} serves the training
 * rows during a fit and new rows during a transform, so both go through exactly the same
 * arithmetic.
 */
public final class Preprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(Preprocessor.class);

    private final int inputWidth;
    private final double[] scalerMean;
    private final double[] scalerScale;
    private final float[] meanF;
    private final float[] scaleF;
    private final Pca pca;
    private final boolean unitLength;

    Preprocessor(int inputWidth, double[] scalerMean, double[] scalerScale, Pca pca,
            boolean unitLength) {
        this.inputWidth = inputWidth;
        this.scalerMean = scalerMean;
        this.scalerScale = scalerScale;
        this.pca = pca;
        this.unitLength = unitLength;
        if (scalerMean != null) {
            meanF = new float[inputWidth];
            scaleF = new float[inputWidth];
            for (int j = 0; j < inputWidth; j++) {
                meanF[j] = (float) scalerMean[j];
                scaleF[j] = (float) scalerScale[j];
            }
        } else {
            meanF = null;
            scaleF = null;
        }
    }

    /**
     * Fits the preprocessing on training rows and applies it to them.
     *
     * @param rows the training rows
     * @param parameters the settings (standardise, PCA components, metric, seed)
     * @param pool the worker threads
     * @param progress receives {@code "preprocess"} reports
     * @param cancellation checked between passes
     * @return the preprocessor and the preprocessed rows
     * @throws IllegalArgumentException if a row holds NaN or infinity
     */
    public static Fitted fit(FloatMatrix rows, UmapParameters parameters, WorkPool pool,
            ProgressListener progress, CancellationToken cancellation) {
        int n = rows.rows();
        int width = rows.columns();
        progress.progress(Stages.PREPROCESS, 0, 3);

        double[] mean = null;
        double[] scale = null;
        if (parameters.standardise()) {
            double[][] stats = columnMeanAndScale(rows, pool, cancellation);
            mean = stats[0];
            scale = stats[1];
        } else {
            checkFinite(rows, pool, cancellation);
        }
        progress.progress(Stages.PREPROCESS, 1, 3);
        cancellation.throwIfCancelled("UMAP preprocessing");

        Pca pca = null;
        int wanted = parameters.pcaComponents();
        if (wanted > 0 && width > wanted) {
            int components = Math.min(wanted, Math.min(n, width));
            Preprocessor scaler = new Preprocessor(width, mean, scale, null, false);
            pca = Pca.fit(rows, scaler, components, parameters.seed(), pool, cancellation);
            LOG.debug("PCA by {}: {} x {} -> {} components, explaining {} of the variance",
                    pca.method(), n, width, components,
                    String.format(Locale.ROOT, "%.3f", pca.explainedVarianceRatioSum()));
        }
        progress.progress(Stages.PREPROCESS, 2, 3);
        cancellation.throwIfCancelled("UMAP preprocessing");

        Preprocessor preprocessor = new Preprocessor(width, mean, scale, pca,
                parameters.metric() == Metric.COSINE);
        float[] reduced = preprocessor.applyAll(rows, pool, cancellation);
        progress.progress(Stages.PREPROCESS, 3, 3);
        return new Fitted(preprocessor, reduced);
    }

    /**
     * Returns the width of an input row.
     *
     * @return the number of input columns
     */
    public int inputWidth() {
        return inputWidth;
    }

    /**
     * Returns the width of a preprocessed row.
     *
     * @return the PCA component count, or the input width without PCA
     */
    public int outputWidth() {
        return pca == null ? inputWidth : pca.components();
    }

    /**
     * Returns the standardisation means.
     *
     * @return the per-column means, or null without standardisation
     */
    double[] scalerMean() {
        return scalerMean;
    }

    /**
     * Returns the standardisation scales.
     *
     * @return the per-column scales, or null without standardisation
     */
    double[] scalerScale() {
        return scalerScale;
    }

    /**
     * Returns the PCA.
     *
     * @return the PCA, or null without one
     */
    Pca pca() {
        return pca;
    }

    /**
     * Tells whether rows are scaled to unit length last (the cosine metric).
     *
     * @return true for the cosine metric
     */
    boolean unitLength() {
        return unitLength;
    }

    /**
     * Applies the preprocessing to one row.
     *
     * @param row the input row, {@link #inputWidth()} values; not modified
     * @param out receives {@link #outputWidth()} values
     * @throws IllegalArgumentException if the row has the wrong width or is not finite
     */
    public void apply(float[] row, float[] out) {
        if (row.length != inputWidth) {
            throw new IllegalArgumentException("Expected a row of " + inputWidth
                    + " activations, got " + row.length);
        }
        float[] work = pca == null ? out : new float[inputWidth];
        standardise(row, 0, inputWidth, 0, work, 0, -1);
        if (pca != null) {
            pca.project(work, out);
        }
        if (unitLength) {
            normalize(out, 0, out.length);
        }
    }

    /**
     * Copies a stretch of a row and standardises it, checking every value is finite.
     *
     * @param source the values
     * @param sourceOffset where the stretch starts in the source
     * @param length how many values
     * @param column the input column of the first value
     * @param dest receives the standardised values
     * @param destOffset where in dest they go
     * @param rowIndex the row's index, for messages, or -1 for a new row
     */
    void standardise(float[] source, int sourceOffset, int length, int column, float[] dest,
            int destOffset, int rowIndex) {
        for (int j = 0; j < length; j++) {
            float value = source[sourceOffset + j];
            if (!Float.isFinite(value)) {
                throw nonFinite(rowIndex, column + j, value);
            }
            dest[destOffset + j] = meanF == null ? value
                    : (value - meanF[column + j]) / scaleF[column + j];
        }
    }

    private float[] applyAll(FloatMatrix rows, WorkPool pool, CancellationToken cancellation) {
        int n = rows.rows();
        int width = rows.columns();
        int out = outputWidth();
        float[] reduced = new float[Math.multiplyExact(n, out)];
        pool.forEachChunk(n, 256, (chunk, from, to) -> {
            float[] raw = new float[width];
            float[] work = new float[width];
            float[] result = new float[out];
            for (int r = from; r < to; r++) {
                rows.copyRow(r, raw);
                if (pca == null) {
                    standardise(raw, 0, width, 0, result, 0, r);
                } else {
                    standardise(raw, 0, width, 0, work, 0, r);
                    pca.project(work, result);
                }
                if (unitLength) {
                    normalize(result, 0, out);
                }
                System.arraycopy(result, 0, reduced, r * out, out);
            }
            cancellation.throwIfCancelled("UMAP preprocessing");
        });
        return reduced;
    }

    static void normalize(float[] values, int offset, int length) {
        float norm = (float) Math.sqrt(Kernels.dot(values, offset, values, offset, length));
        if (norm > 0) {
            for (int i = 0; i < length; i++) {
                values[offset + i] /= norm;
            }
        }
    }

    private static double[][] columnMeanAndScale(FloatMatrix rows, WorkPool pool,
            CancellationToken cancellation) {
        int n = rows.rows();
        int width = rows.columns();
        double[] mean = new double[width];
        double[] scale = new double[width];
        pool.forEachChunk(width, 4096, (chunk, from, to) -> {
            int length = to - from;
            float[] slice = new float[length];
            double[] sum = new double[length];
            for (int r = 0; r < n; r++) {
                rows.copyRow(r, from, slice, 0, length);
                for (int j = 0; j < length; j++) {
                    if (!Float.isFinite(slice[j])) {
                        throw nonFinite(r, from + j, slice[j]);
                    }
                    sum[j] += slice[j];
                }
            }
            for (int j = 0; j < length; j++) {
                mean[from + j] = sum[j] / n;
                sum[j] = 0;
            }
            cancellation.throwIfCancelled("UMAP preprocessing");
            for (int r = 0; r < n; r++) {
                rows.copyRow(r, from, slice, 0, length);
                for (int j = 0; j < length; j++) {
                    double centred = slice[j] - mean[from + j];
                    sum[j] += centred * centred;
                }
            }
            for (int j = 0; j < length; j++) {
                double deviation = Math.sqrt(sum[j] / n);
                // A constant column keeps scale 1, so it standardises to zeros.
                scale[from + j] = deviation < 10 * Math.ulp(1.0) ? 1.0 : deviation;
            }
        });
        return new double[][] {mean, scale};
    }

    private static void checkFinite(FloatMatrix rows, WorkPool pool,
            CancellationToken cancellation) {
        int width = rows.columns();
        pool.forEachChunk(rows.rows(), 1024, (chunk, from, to) -> {
            float[] row = new float[width];
            for (int r = from; r < to; r++) {
                rows.copyRow(r, row);
                for (int j = 0; j < width; j++) {
                    if (!Float.isFinite(row[j])) {
                        throw nonFinite(r, j, row[j]);
                    }
                }
            }
            cancellation.throwIfCancelled("UMAP preprocessing");
        });
    }

    static IllegalArgumentException nonFinite(int row, int column, float value) {
        String where = row < 0 ? "The row" : "Row " + row;
        return new IllegalArgumentException(where + " holds " + value + " at column " + column
                + "; activations must be finite");
    }

    /**
     * A fitted preprocessor and the training rows it produced.
     *
     * @param preprocessor the preprocessing
     * @param rows the preprocessed training rows, row-major,
     *     {@code outputWidth()} values per row
     */
    public record Fitted(Preprocessor preprocessor, float[] rows) {
    }
}
