package io.github.diffviews.projection;

import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A fitted projection: it maps rows of activations onto a fixed 2-D or 3-D map.
 *
 * <p>A projection is immutable and safe to use from many threads. {@link #transform(float[])} is
 * deterministic: the same row always lands on the same coordinates, whether it is transformed
 * alone or in a batch, in this process or after {@link #save(Path) saving} and
 * {@link Projections#load(Path) loading}. The training rows keep the coordinates of
 * {@link #embedding()}; only new rows are placed.
 */
public interface Projection {

    /**
     * Returns the name of the backend that fitted or rebuilt this projection.
     *
     * @return the backend's name, for example {@code "native"}
     */
    String backend();

    /**
     * Returns the parameters of the fit, with any extras of the parameter file it came from.
     *
     * @return the parameters
     */
    UmapParameters parameters();

    /**
     * Returns the number of values in an input row.
     *
     * @return the width of the activation rows the projection was fitted on
     */
    int inputWidth();

    /**
     * Returns the number of map dimensions.
     *
     * @return 2 or 3
     */
    int components();

    /**
     * Returns the coordinates of the training rows, one row per training row.
     *
     * @return a matrix of {@code trainingRows x components()} coordinates
     */
    FloatMatrix embedding();

    /**
     * Places one new row on the map.
     *
     * @param row the activation row, {@link #inputWidth()} values
     * @return a new array of {@link #components()} coordinates
     * @throws IllegalArgumentException if the row has the wrong width or holds NaN or infinity
     */
    float[] transform(float[] row);

    /**
     * Places several new rows on the map. Each row lands exactly where {@link #transform(float[])}
     * puts it alone.
     *
     * @param rows the activation rows, {@link #inputWidth()} columns
     * @return a matrix of {@code rows.rows() x components()} coordinates
     * @throws IllegalArgumentException if the rows have the wrong width or hold NaN or infinity
     */
    FloatMatrix transform(FloatMatrix rows);

    /**
     * Saves the projection in this library's own format (see {@link ProjectionFormat}): a
     * directory holding {@code projection.json} and {@code .npy} arrays. The directory is written
     * beside the target and moved into place when complete, so a failed save leaves any previous
     * projection there untouched.
     *
     * @param directory the directory to create or replace
     * @throws IOException if it cannot be written, or if it exists and is not a saved projection
     */
    void save(Path directory) throws IOException;
}
