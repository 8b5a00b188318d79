package io.github.diffviews.umap.internal;

import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the UMAP backends share: input checks, preprocessing and the neighbor graph, rebuilding a
 * projection around existing coordinates, and loading. A backend supplies only the layout.
 */
abstract class UmapBackendBase implements ProjectionBackend {

    private static final Logger LOG = LoggerFactory.getLogger(UmapBackendBase.class);

    private final String name;

    UmapBackendBase(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Projection fit(FloatMatrix rows, UmapParameters parameters, ProgressListener progress,
            CancellationToken cancellation) {
        Objects.requireNonNull(parameters, "parameters");
        checkRows(rows, parameters);
        ProgressListener listener = guarded(progress);
        CancellationToken token = cancellation == null ? CancellationToken.NONE : cancellation;
        long started = System.nanoTime();
        try (WorkPool pool = new WorkPool(parameters.effectiveThreads())) {
            Prepared prepared = prepare(rows, parameters, pool, listener, token);
            UmapModel model = layout(rows, parameters, prepared, pool, listener, token);
            LOG.debug("Fitted {} rows x {} with the {} backend in {} ms", rows.rows(),
                    rows.columns(), name, (System.nanoTime() - started) / 1_000_000);
            return model;
        }
    }

    /**
     * Computes the embedding of prepared rows and returns the model.
     *
     * @param rows the original rows
     * @param parameters the settings
     * @param prepared the preprocessing, preprocessed rows and neighbor graph
     * @param pool the worker threads
     * @param progress receives {@code "graph"}, {@code "init"} and {@code "optimize"} reports
     * @param cancellation checked between units of work
     * @return the model
     */
    abstract UmapModel layout(FloatMatrix rows, UmapParameters parameters, Prepared prepared,
            WorkPool pool, ProgressListener progress, CancellationToken cancellation);

    @Override
    public Projection rebuild(FloatMatrix rows, FloatMatrix coordinates,
            UmapParameters parameters, ProgressListener progress,
            CancellationToken cancellation) {
        Objects.requireNonNull(parameters, "parameters");
        checkRows(rows, parameters);
        if (coordinates.rows() != rows.rows()) {
            throw new IllegalArgumentException("There are " + rows.rows() + " activation rows "
                    + "but " + coordinates.rows() + " coordinate rows; they must match");
        }
        int components = coordinates.columns();
        if (components != 2 && components != 3) {
            throw new IllegalArgumentException("Coordinates must be 2-D or 3-D, got "
                    + components + " columns");
        }
        float[] embedding = coordinates.toFloatArray();
        for (int i = 0; i < embedding.length; i++) {
            if (!Float.isFinite(embedding[i])) {
                throw new IllegalArgumentException("Coordinate row " + (i / components)
                        + " holds " + embedding[i] + "; coordinates must be finite");
            }
        }
        UmapParameters effective = parameters.components() == components ? parameters
                : parameters.toBuilder().components(components).build();
        ProgressListener listener = guarded(progress);
        CancellationToken token = cancellation == null ? CancellationToken.NONE : cancellation;
        try (WorkPool pool = new WorkPool(effective.effectiveThreads())) {
            Prepared prepared = prepare(rows, effective, pool, listener, token);
            double[] curve = CurveFit.fit(effective.spread(), effective.minDist());
            return new UmapModel(name, effective, prepared.preprocessor(), prepared.rows(),
                    prepared.knn(), embedding, components, curve[0], curve[1]);
        }
    }

    @Override
    public Projection load(Path directory) throws IOException {
        return ModelStore.load(directory);
    }

    static Prepared prepare(FloatMatrix rows, UmapParameters parameters, WorkPool pool,
            ProgressListener progress, CancellationToken cancellation) {
        Preprocessor.Fitted fitted = Preprocessor.fit(rows, parameters, pool, progress,
                cancellation);
        int width = fitted.preprocessor().outputWidth();
        KnnGraph knn = NearestNeighbors.compute(fitted.rows(), rows.rows(), width,
                parameters.neighbors(), parameters.metric(), parameters.seed(), pool, progress,
                cancellation);
        return new Prepared(fitted.preprocessor(), fitted.rows(), width, knn);
    }

    private static void checkRows(FloatMatrix rows, UmapParameters parameters) {
        Objects.requireNonNull(rows, "rows");
        if (rows.columns() < 1) {
            throw new IllegalArgumentException("Rows must hold at least one activation, got "
                    + rows.columns() + " columns");
        }
        if (rows.rows() <= parameters.neighbors()) {
            throw new IllegalArgumentException("n_neighbors = " + parameters.neighbors()
                    + " needs more than " + parameters.neighbors() + " rows, got "
                    + rows.rows() + "; lower n_neighbors or add rows");
        }
    }

    /** Wraps a listener so that an exception it throws is logged and ignored. */
    static ProgressListener guarded(ProgressListener listener) {
        if (listener == null || listener == ProgressListener.NONE) {
            return ProgressListener.NONE;
        }
        java.util.concurrent.atomic.AtomicBoolean warned =
                new java.util.concurrent.atomic.AtomicBoolean();
        return (stage, done, total) -> {
            try {
                listener.progress(stage, done, total);
            } catch (RuntimeException e) {
                if (warned.compareAndSet(false, true)) {
                    LOG.warn("A progress listener failed on {} {}/{}; ignoring it and its "
                            + "later failures", stage, done, total, e);
                } else {
                    LOG.debug("A progress listener failed again on {} {}/{}", stage, done,
                            total);
                }
            }
        };
    }

    /**
     * Preprocessed training rows and their neighbor graph.
     *
     * @param preprocessor the fitted preprocessing
     * @param rows the preprocessed rows, row-major
     * @param width their width
     * @param knn their neighbor graph
     */
    record Prepared(Preprocessor preprocessor, float[] rows, int width, KnnGraph knn) {
    }
}
