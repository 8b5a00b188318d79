package io.github.diffviews.session;

import java.util.List;
import java.util.Objects;

/**
 * The path of one generation over the map: a point per denoising step, with the class it was
 * generated for. The points are the activations of each step's forward pass, projected; the last
 * one is the last forward pass, not the clean output.
 *
 * @param points the steps in order
 * @param classId the class the generation was conditioned on, -1 for none
 * @param className the class name, for captions
 */
public record Trajectory(List<TrajectoryPoint> points, int classId, String className) {

    /**
     * Copies the points and checks the components.
     */
    public Trajectory {
        points = List.copyOf(points);
        Objects.requireNonNull(className, "className");
    }

    /**
     * Tells whether the trajectory is drawn: it needs at least two points.
     *
     * @return true with two or more points
     */
    public boolean drawable() {
        return points.size() >= 2;
    }
}
