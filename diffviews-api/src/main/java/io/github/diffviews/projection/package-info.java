/**
 * Projections of activation rows onto a 2-D or 3-D map: UMAP fitting, the deterministic
 * placement of new rows (trajectories), and this library's own saved format.
 *
 * <p>{@link io.github.diffviews.projection.UmapParameters} holds the settings, readable from the
 * Python tool's {@code <stem>.json}. A {@link io.github.diffviews.projection.ProjectionBackend},
 * found through {@link io.github.diffviews.projection.ProjectionProvider} and
 * {@link java.util.ServiceLoader}, fits a
 * {@link io.github.diffviews.projection.Projection} from rows, rebuilds one around coordinates
 * that already exist (a data directory whose only model is a pickle), or loads a saved one.
 * {@link io.github.diffviews.projection.Projections} picks the backend; the module
 * {@code diffviews-umap} supplies the {@code native} and {@code smile} backends. Saved
 * projections are JSON plus {@code .npy} arrays, versioned by
 * {@link io.github.diffviews.projection.ProjectionFormat}, and never pickles.
 */
package io.github.diffviews.projection;
