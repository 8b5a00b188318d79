package io.github.diffviews.generation;

import io.github.diffviews.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one {@link MultistepGenerator} run: the final images, the frame of every step,
 * the trajectory of activations (and map points), the σ schedule walked, the class of each image
 * and the seed that reproduces the run. Immutable.
 */
public final class Generation {

    static {
        io.github.diffviews.notebook.Notebooks.installIfPresent();
    }

    private final Tensor result;
    private final ImageBatch images;
    private final List<GenerationStep> frames;
    private final double[] sigmas;
    private final int[] classes;
    private final long seed;

    Generation(Tensor result, List<GenerationStep> frames, double[] sigmas, int[] classes,
            long seed) {
        this.result = result;
        this.images = ImageBatch.fromTensor(result);
        this.frames = List.copyOf(frames);
        this.sigmas = sigmas.clone();
        this.classes = classes.clone();
        this.seed = seed;
    }

    /**
     * Returns the final batch as the network produced it.
     *
     * @return {@code (B, C, H, W)}, nominally in [−1, 1]
     */
    public Tensor result() {
        return result;
    }

    /**
     * Returns the final images.
     *
     * @return the 8-bit batch
     */
    public ImageBatch images() {
        return images;
    }

    /**
     * Returns the frame of each step, in order.
     *
     * @return one frame per step
     */
    public List<GenerationStep> frames() {
        return frames;
    }

    /**
     * Returns the captured activations of each step.
     *
     * @return per step, B rows of flattened activations (layers in sorted order)
     */
    public List<float[][]> trajectory() {
        List<float[][]> trajectory = new ArrayList<>();
        for (GenerationStep frame : frames) {
            trajectory.add(frame.activations());
        }
        return trajectory;
    }

    /**
     * Returns the map point of each step, when a projector was set.
     *
     * @return per step, B points; empty when no projector was set
     */
    public List<float[][]> trajectoryPoints() {
        List<float[][]> points = new ArrayList<>();
        for (GenerationStep frame : frames) {
            if (frame.points() != null) {
                points.add(frame.points());
            }
        }
        return points;
    }

    /**
     * Returns the σ schedule the sampler walked, with the final 0 of the ODE samplers.
     *
     * @return the σ values
     */
    public double[] sigmas() {
        return sigmas.clone();
    }

    /**
     * Returns the class of each image.
     *
     * @return B class indices, −1 where the label was uniform (no class)
     */
    public int[] classes() {
        return classes.clone();
    }

    /**
     * Returns the seed of the noise; with {@link NoiseMode#FIXED} and the same settings it
     * reproduces this run.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }
}
