package io.github.diffviews.session;

/**
 * One denoising step of a generation, placed on the map.
 *
 * @param step the step index, 0 for the first (noisiest) step
 * @param x the first map coordinate
 * @param y the second map coordinate
 * @param z the third map coordinate, NaN on a 2-D map
 * @param sigma the native σ of the step
 * @param noiseLevel the noise level of the step, 0-100
 */
public record TrajectoryPoint(int step, double x, double y, double z, double sigma,
        double noiseLevel) {

    /**
     * Checks the components.
     */
    public TrajectoryPoint {
        if (step < 0) {
            throw new IllegalArgumentException("Step " + step + " is negative");
        }
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("Trajectory point (" + x + ", " + y
                    + ") is not finite");
        }
    }
}
