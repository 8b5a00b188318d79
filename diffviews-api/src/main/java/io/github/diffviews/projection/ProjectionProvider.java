package io.github.diffviews.projection;

import io.github.diffviews.spi.BackendProvider;
import io.github.diffviews.spi.Backends;

/**
 * Supplies a {@link ProjectionBackend}. Implementations are listed in
 * {@code META-INF/services/io.github.diffviews.projection.ProjectionProvider}; the module
 * {@code io.github.diffviews:diffviews-umap} provides {@code native} (preferred) and
 * {@code smile}.
 */
public interface ProjectionProvider extends BackendProvider<ProjectionBackend> {

    /**
     * How projection backends are found and chosen: the system property
     * {@code diffviews.projection} or the environment variable {@code DIFFVIEWS_PROJECTION} names
     * one; otherwise the lowest rank wins.
     */
    Backends.Kind<ProjectionProvider> KIND = new Backends.Kind<>(ProjectionProvider.class,
            "projection backend", "diffviews.projection", "DIFFVIEWS_PROJECTION",
            "io.github.diffviews:diffviews-umap");
}
