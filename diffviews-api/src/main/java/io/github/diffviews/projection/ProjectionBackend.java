package io.github.diffviews.projection;

import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fits, rebuilds and loads {@link Projection projections}. Obtain one through a
 * {@link ProjectionProvider}, for example {@code Projections.backend()}. Implementations are
 * thread-safe.
 */
public interface ProjectionBackend {

    /**
     * Returns the name the provider of this backend is registered under.
     *
     * @return the backend's name, for example {@code "native"}
     */
    String name();

    /**
     * Fits a projection of the rows.
     *
     * <p>Progress is reported in stages: {@code "preprocess"}, {@code "neighbors"},
     * {@code "graph"}, {@code "init"} and {@code "optimize"} (one unit per epoch). The
     * cancellation token is checked between units of work; a cancelled fit throws and leaves
     * nothing behind.
     *
     * @param rows the training rows, one per sample; more rows than {@code n_neighbors}
     * @param parameters the UMAP and preprocessing settings
     * @param progress receives progress reports
     * @param cancellation stops the fit when cancelled
     * @return the fitted projection, whose embedding holds one coordinate row per input row
     * @throws IllegalArgumentException if there are too few rows for the neighborhood size, or
     *     the rows hold NaN or infinity
     * @throws java.util.concurrent.CancellationException if cancelled
     */
    Projection fit(FloatMatrix rows, UmapParameters parameters, ProgressListener progress,
            CancellationToken cancellation);

    /**
     * Fits a projection of the rows without progress reports or cancellation.
     *
     * @param rows the training rows
     * @param parameters the settings
     * @return the fitted projection
     * @throws IllegalArgumentException if the rows or settings are unusable
     */
    default Projection fit(FloatMatrix rows, UmapParameters parameters) {
        return fit(rows, parameters, ProgressListener.NONE, CancellationToken.NONE);
    }

    /**
     * Rebuilds a projection around an existing map without refitting it: the training rows keep
     * the given coordinates, and new rows are placed relative to them. This serves data
     * directories written by the Python tool, whose UMAP model is a pickle this library does not
     * read: their activations, their stored coordinates and their {@code <stem>.json} parameters
     * are enough.
     *
     * <p>Preprocessing (standardisation and PCA) is refitted on the rows, deterministically, and
     * the neighbor index is built over the preprocessed rows. The number of components is taken
     * from the coordinates.
     *
     * @param rows the training rows
     * @param coordinates one row of 2 or 3 coordinates per training row
     * @param parameters the settings the map was made with
     * @param progress receives progress reports ({@code "preprocess"}, {@code "neighbors"})
     * @param cancellation stops the rebuild when cancelled
     * @return the projection
     * @throws IllegalArgumentException if the row counts differ, the coordinates are not 2-D or
     *     3-D, or either holds NaN or infinity
     * @throws java.util.concurrent.CancellationException if cancelled
     */
    Projection rebuild(FloatMatrix rows, FloatMatrix coordinates, UmapParameters parameters,
            ProgressListener progress, CancellationToken cancellation);

    /**
     * Rebuilds a projection around an existing map, without progress reports or cancellation.
     *
     * @param rows the training rows
     * @param coordinates one row of 2 or 3 coordinates per training row
     * @param parameters the settings the map was made with
     * @return the projection
     * @throws IllegalArgumentException if the inputs do not fit together
     */
    default Projection rebuild(FloatMatrix rows, FloatMatrix coordinates,
            UmapParameters parameters) {
        return rebuild(rows, coordinates, parameters, ProgressListener.NONE,
                CancellationToken.NONE);
    }

    /**
     * Loads a projection saved by {@link Projection#save(Path)}.
     *
     * @param directory the saved projection's directory
     * @return the projection, transforming exactly as the saved one did
     * @throws io.github.diffviews.io.DataFormatException if the directory is not a saved
     *     projection, was written by a newer format version, or its arrays do not fit together
     * @throws IOException if it cannot be read
     */
    Projection load(Path directory) throws IOException;
}
