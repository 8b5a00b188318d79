package io.github.diffviews.generation;

/**
 * Projects one activation row (the captured layers of one image at one step, flattened in
 * sorted layer order) onto the map, so a generation's trajectory can be drawn over the data.
 */
@FunctionalInterface
public interface TrajectoryProjector {

    /**
     * Projects an activation row.
     *
     * @param activation the row, as long as the map's activation layout
     * @return the map point, 2 or 3 coordinates
     */
    float[] project(float[] activation);
}
