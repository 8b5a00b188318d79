package io.github.diffviews.umap.internal;

/** The stage names a fit reports progress under. */
public final class Stages {

    /** Standardisation, PCA and applying them to the rows. */
    public static final String PREPROCESS = "preprocess";

    /** The k-nearest-neighbor graph of the training rows. */
    public static final String NEIGHBORS = "neighbors";

    /** Smooth k-NN distances and the fuzzy union. */
    public static final String GRAPH = "graph";

    /** The initial layout (spectral, or random as a fallback). */
    public static final String INIT = "init";

    /** The stochastic gradient descent, one unit per epoch. */
    public static final String OPTIMIZE = "optimize";

    private Stages() {
    }
}
