package io.github.diffviews.examples.backends;

import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.projection.ProjectionProvider;

/**
 * Provides the {@code pca} projection backend. It is registered for
 * {@link java.util.ServiceLoader} in this module's
 * {@code META-INF/services/io.github.diffviews.projection.ProjectionProvider}, so
 * {@code Projections.backend("pca")}, {@code -Ddiffviews.projection=pca} and
 * {@code Projections.load} of a projection it saved all find it. Its rank, 100, is above the UMAP
 * backends', so it is never chosen unless named.
 */
public final class PcaProjectionProvider implements ProjectionProvider {

    /** The rank: higher than every UMAP backend, so only chosen by name. */
    public static final int RANK = 100;

    private static final PcaProjectionBackend BACKEND = new PcaProjectionBackend();

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public PcaProjectionProvider() {
    }

    @Override
    public String name() {
        return PcaProjectionBackend.NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public ProjectionBackend get() {
        return BACKEND;
    }
}
