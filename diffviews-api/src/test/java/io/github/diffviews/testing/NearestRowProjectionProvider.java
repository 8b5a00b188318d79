package io.github.diffviews.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.Npy;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.projection.ProjectionFormat;
import io.github.diffviews.projection.ProjectionProvider;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A projection backend for tests of code that uses projections without the UMAP module: a new
 * row lands on the coordinates of its nearest training row. It is not registered as a service
 * (the modules' own provider tests count what the class path offers); pass {@link #BACKEND}
 * where a backend can be given.
 */
public final class NearestRowProjectionProvider implements ProjectionProvider {

    /** The backend's name. */
    public static final String NAME = "test-nearest-row";

    /** How many projections were rebuilt in this JVM. */
    public static final AtomicInteger REBUILDS = new AtomicInteger();

    /** The backend. */
    public static final ProjectionBackend BACKEND = new Backend();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return 10_000;
    }

    @Override
    public ProjectionBackend get() {
        return BACKEND;
    }

    private static final class Backend implements ProjectionBackend {

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Projection fit(FloatMatrix rows, UmapParameters parameters,
                ProgressListener progress, CancellationToken cancellation) {
            throw new UnsupportedOperationException("fit is not supported by the "
                    + NAME + " backend");
        }

        @Override
        public Projection rebuild(FloatMatrix rows, FloatMatrix coordinates,
                UmapParameters parameters, ProgressListener progress,
                CancellationToken cancellation) {
            REBUILDS.incrementAndGet();
            return new NearestRow(copy(rows), copy(coordinates), parameters);
        }

        @Override
        public Projection load(Path directory) throws IOException {
            ProjectionFormat.Descriptor descriptor = ProjectionFormat.readDescriptor(directory);
            UmapParameters parameters = UmapParameters.fromJson(
                    descriptor.json().get("parameters").toString());
            return new NearestRow(matrix(directory.resolve("rows.npy")),
                    matrix(directory.resolve("embedding.npy")), parameters);
        }
    }

    private static FloatMatrix matrix(Path file) throws IOException {
        io.github.diffviews.io.NpyArray array = Npy.read(file);
        return FloatMatrix.wrap(array.toFloatArray(), array.shape()[0], array.shape()[1]);
    }

    private static FloatMatrix copy(FloatMatrix matrix) {
        return FloatMatrix.wrap(matrix.toFloatArray(), matrix.rows(), matrix.columns());
    }

    /** Places a row on its nearest training row's coordinates. */
    private static final class NearestRow implements Projection {

        private final FloatMatrix rows;
        private final FloatMatrix embedding;
        private final UmapParameters parameters;

        NearestRow(FloatMatrix rows, FloatMatrix embedding, UmapParameters parameters) {
            this.rows = rows;
            this.embedding = embedding;
            this.parameters = parameters;
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
            return rows.columns();
        }

        @Override
        public int components() {
            return embedding.columns();
        }

        @Override
        public FloatMatrix embedding() {
            return embedding;
        }

        @Override
        public float[] transform(float[] row) {
            if (row.length != rows.columns()) {
                throw new IllegalArgumentException("Row has " + row.length + " values, expected "
                        + rows.columns());
            }
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int i = 0; i < rows.rows(); i++) {
                double distance = 0;
                for (int j = 0; j < row.length; j++) {
                    double d = rows.get(i, j) - row[j];
                    distance += d * d;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = i;
                }
            }
            return embedding.row(best);
        }

        @Override
        public FloatMatrix transform(FloatMatrix input) {
            float[] out = new float[input.rows() * components()];
            for (int i = 0; i < input.rows(); i++) {
                System.arraycopy(transform(input.row(i)), 0, out, i * components(),
                        components());
            }
            return FloatMatrix.wrap(out, input.rows(), components());
        }

        @Override
        public void save(Path directory) throws IOException {
            Files.createDirectories(directory);
            ObjectMapper json = new ObjectMapper();
            ObjectNode descriptor = json.createObjectNode();
            descriptor.put("format", ProjectionFormat.FORMAT_NAME);
            descriptor.put("format_version", ProjectionFormat.VERSION);
            descriptor.put("backend", NAME);
            descriptor.set("parameters", json.readTree(parameters.toJson()));
            Files.writeString(directory.resolve(ProjectionFormat.DESCRIPTOR_FILE),
                    descriptor.toString());
            Npy.write(directory.resolve("rows.npy"), rows);
            Npy.write(directory.resolve("embedding.npy"), embedding);
        }
    }
}
