package io.github.diffviews.umap.internal;

import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A fitted (or rebuilt, or loaded) UMAP projection: the preprocessing, the preprocessed training
 * rows with their neighbor graph and search index, the training embedding, and the curve
 * parameters. Immutable; {@link #transform(float[])} is safe from any thread.
 */
public final class UmapModel implements Projection {

    private static final int PARALLEL_BATCH = 32;

    private final String backend;
    private final UmapParameters parameters;
    private final Preprocessor preprocessor;
    private final SearchIndex index;
    private final KnnGraph knn;
    private final float[] embedding;
    private final int rows;
    private final int components;
    private final double a;
    private final double b;
    private final Transformer transformer;

    UmapModel(String backend, UmapParameters parameters, Preprocessor preprocessor,
            float[] reduced, KnnGraph knn, float[] embedding, int components, double a,
            double b) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.parameters = parameters;
        this.preprocessor = preprocessor;
        this.knn = knn;
        this.embedding = embedding;
        this.rows = knn.rows();
        this.components = components;
        this.a = a;
        this.b = b;
        this.index = new SearchIndex(reduced, rows, preprocessor.outputWidth(), knn,
                parameters.seed());
        int transformEpochs = parameters.epochs() > 0 ? Math.max(1, parameters.epochs() / 3)
                : (rows <= UmapParameters.LARGE_INPUT_ROWS ? 100 : 30);
        this.transformer = new Transformer(preprocessor, index, embedding, rows, components,
                parameters.neighbors(), a, b, transformEpochs, parameters.seed(),
                parameters.metric());
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public UmapParameters parameters() {
        return parameters;
    }

    @Override
    public int inputWidth() {
        return preprocessor.inputWidth();
    }

    @Override
    public int components() {
        return components;
    }

    @Override
    public FloatMatrix embedding() {
        return FloatMatrix.wrap(embedding.clone(), rows, components);
    }

    @Override
    public float[] transform(float[] row) {
        Objects.requireNonNull(row, "row");
        return transformer.transform(row);
    }

    @Override
    public FloatMatrix transform(FloatMatrix batch) {
        if (batch.columns() != inputWidth()) {
            throw new IllegalArgumentException("Expected rows of " + inputWidth()
                    + " activations, got " + batch.columns());
        }
        int count = batch.rows();
        float[] result = new float[count * components];
        IntStream indices = IntStream.range(0, count);
        if (count >= PARALLEL_BATCH) {
            indices = indices.parallel();
        }
        indices.forEach(r -> {
            float[] point;
            try {
                point = transformer.transform(batch.row(r));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Row " + r + ": " + e.getMessage(), e);
            }
            System.arraycopy(point, 0, result, r * components, components);
        });
        return FloatMatrix.wrap(result, count, components);
    }

    @Override
    public void save(Path directory) throws IOException {
        ModelStore.save(this, directory);
    }

    Preprocessor preprocessor() {
        return preprocessor;
    }

    /** Returns the preprocessed training rows in their original order (for saving). */
    float[] reducedRows() {
        return index.rows();
    }

    KnnGraph knn() {
        return knn;
    }

    float[] embeddingArray() {
        return embedding;
    }

    int rows() {
        return rows;
    }

    double a() {
        return a;
    }

    double b() {
        return b;
    }

    @Override
    public String toString() {
        return "UmapModel[backend=" + backend + ", rows=" + rows + ", inputWidth=" + inputWidth()
                + ", components=" + components + ", " + parameters + "]";
    }
}
