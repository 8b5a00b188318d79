package io.github.diffviews.umap;

import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.projection.ProjectionProvider;
import io.github.diffviews.umap.internal.SmileUmapBackend;

/**
 * Provides the {@code smile} projection backend: the fit of Smile 2.6's
 * {@code smile.manifold.UMAP} (LGPL-3.0), with this library's preprocessing, transform and saved
 * format. Its fits are serialised and are not reproducible within one JVM (see
 * {@link SmileUmapBackend}); select it with {@code -Ddiffviews.projection=smile}.
 */
public final class SmileUmapProvider implements ProjectionProvider {

    /** The rank of this provider; higher than the native backend's, so never the default. */
    public static final int RANK = 20;

    /** Creates the provider; the backend itself is created on first use. */
    public SmileUmapProvider() {
    }

    @Override
    public String name() {
        return SmileUmapBackend.NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public ProjectionBackend get() {
        return Holder.BACKEND;
    }

    /** Creates the backend lazily and once (class initialisation is thread-safe). */
    private static final class Holder {

        static final ProjectionBackend BACKEND = new SmileUmapBackend();
    }
}
