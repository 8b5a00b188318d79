package io.github.diffviews.generation;

/**
 * Receives each step of a generation as it finishes. Called on the generating thread; keep it
 * quick. An exception thrown here is logged and the generation goes on.
 */
@FunctionalInterface
public interface StepListener {

    /**
     * Reports a finished step.
     *
     * @param step the step's σ, images, activations and map points
     */
    void onStep(GenerationStep step);
}
