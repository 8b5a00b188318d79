package io.github.diffviews.benchmarks;

import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.Projections;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Fitted UMAP models for the transform benchmarks, fitted once and kept under
 * {@code -Ddiffviews.bench.dir} (default {@code benchmarks/target/bench-data}) in the library's
 * own format; {@code -Ddiffviews.bench.umapModel=DIR} uses a model saved elsewhere (the
 * comparison script passes the one it fitted).
 */
final class UmapModels {

    private UmapModels() {
    }

    /** Returns the Fashion-MNIST rows, or Gaussian clusters of the same width without them. */
    static FloatMatrix data(int rows) throws IOException {
        if (FashionMnist.available()) {
            return FashionMnist.rows(rows);
        }
        return Synthetic.clusters(rows, FashionMnist.WIDTH, 10, 1);
    }

    /** Returns the settings: raw pixels ({@code pca = 0}) or standardised and reduced. */
    static UmapParameters parameters(int pca) {
        return UmapParameters.builder().standardise(pca > 0).pcaComponents(pca).seed(42)
                .build();
    }

    static Projection model(String backend, FloatMatrix rows, int pca) throws IOException {
        String given = System.getProperty("diffviews.bench.umapModel");
        if (given != null && !given.isBlank()) {
            return Projections.load(Path.of(given));
        }
        Path base = Path.of(System.getProperty("diffviews.bench.dir",
                "benchmarks/target/bench-data"));
        Path saved = base.resolve(String.format(Locale.ROOT, "umap-%s-%s-%d-pca%d.projection",
                backend, FashionMnist.available() ? "fashion" : "synthetic", rows.rows(), pca));
        if (Files.exists(saved.resolve("projection.json"))) {
            return Projections.load(saved);
        }
        Projection projection = Projections.backend(backend).fit(rows, parameters(pca));
        projection.save(saved);
        return projection;
    }

    /** Gaussian clusters, when Fashion-MNIST is not installed. */
    static final class Synthetic {

        private Synthetic() {
        }

        static FloatMatrix clusters(int rows, int width, int clusters, long seed) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            float[][] centres = new float[clusters][width];
            for (float[] centre : centres) {
                for (int j = 0; j < width; j++) {
                    centre[j] = (float) random.nextDouble();
                }
            }
            float[] values = new float[rows * width];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < width; j++) {
                    values[i * width + j] = centres[i % clusters][j]
                            + (float) (0.1 * random.nextGaussian());
                }
            }
            return FloatMatrix.wrap(values, rows, width);
        }
    }
}
