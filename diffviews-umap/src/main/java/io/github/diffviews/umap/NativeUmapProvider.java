package io.github.diffviews.umap;

import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.projection.ProjectionProvider;
import io.github.diffviews.umap.internal.NativeUmapBackend;

/**
 * Provides the {@code native} projection backend: UMAP written for this library, deterministic
 * under its seed whatever the thread count. It has the lowest rank, so it is the default.
 */
public final class NativeUmapProvider implements ProjectionProvider {

    /** The rank of this provider; lower ranks are preferred. */
    public static final int RANK = 10;

    /** Creates the provider; the backend itself is created on first use. */
    public NativeUmapProvider() {
    }

    @Override
    public String name() {
        return NativeUmapBackend.NAME;
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

        static final ProjectionBackend BACKEND = new NativeUmapBackend();
    }
}
