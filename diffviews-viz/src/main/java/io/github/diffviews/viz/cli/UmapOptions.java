package io.github.diffviews.viz.cli;

import io.github.diffviews.projection.Metric;
import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.projection.Projections;
import io.github.diffviews.projection.UmapParameters;
import picocli.CommandLine.Option;

/**
 * The UMAP settings shared by the commands that fit or rebuild a projection. Each option left
 * out keeps the value of the base parameters (the defaults, or a data directory's
 * {@code <stem>.json} for commands that read one).
 */
final class UmapOptions {

    @Option(names = "--neighbors", paramLabel = "K",
            description = "Neighborhood size, the row itself included (default: 15).")
    Integer neighbors;

    @Option(names = "--min-dist", paramLabel = "D",
            description = "How tightly points may be packed (default: 0.1).")
    Double minDist;

    @Option(names = "--spread", paramLabel = "S",
            description = "Scale of the embedded points (default: 1.0).")
    Double spread;

    @Option(names = "--components", paramLabel = "N",
            description = "Map dimensions, 2 or 3 (default: 2).")
    Integer components;

    @Option(names = "--metric", paramLabel = "METRIC",
            description = "euclidean or cosine (default: euclidean).")
    String metric;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Seed of every random choice; the same seed gives the same map "
                    + "(default: 42).")
    Long seed;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Optimisation epochs; 0 picks 500 up to 10,000 rows and 200 above "
                    + "(default: 0).")
    Integer epochs;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads; 0 uses every processor. The result does not depend "
                    + "on it (default: 0).")
    Integer threads;

    @Option(names = "--pca", paramLabel = "N",
            description = "Reduce rows wider than N to N principal components first; 0 turns "
                    + "PCA off (default: 50).")
    Integer pca;

    @Option(names = "--standardise", negatable = true, fallbackValue = "true",
            description = "Standardise each column (zero mean, unit variance) first, like the "
                    + "Python tool's normalize; --no-standardise turns it off (default: on).")
    Boolean standardise;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Projection backend: native or smile (default: -Ddiffviews.projection, "
                    + "DIFFVIEWS_PROJECTION, else native).")
    String backend;

    /**
     * Applies the options given on the command line over base parameters.
     *
     * @param base the parameters options left out keep
     * @return the parameters
     * @throws IllegalArgumentException if a value is out of range
     */
    UmapParameters apply(UmapParameters base) {
        UmapParameters.Builder builder = base.toBuilder();
        if (neighbors != null) {
            builder.neighbors(neighbors);
        }
        if (minDist != null) {
            builder.minDist(minDist);
        }
        if (spread != null) {
            builder.spread(spread);
        }
        if (components != null) {
            builder.components(components);
        }
        if (metric != null) {
            builder.metric(Metric.fromName(metric));
        }
        if (seed != null) {
            builder.seed(seed);
        }
        if (epochs != null) {
            builder.epochs(epochs);
        }
        if (threads != null) {
            builder.threads(threads);
        }
        if (pca != null) {
            builder.pcaComponents(pca);
        }
        if (standardise != null) {
            builder.standardise(standardise);
        }
        return builder.build();
    }

    /**
     * Returns the backend chosen by {@code --backend}, or the default one.
     *
     * @return the backend
     */
    ProjectionBackend backend() {
        return Projections.backend(backend);
    }
}
