package io.github.diffviews.training;

import java.nio.file.Path;

/**
 * Receives the progress of training after every step, on the training thread: it must be quick.
 * An exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface TrainingListener {

    /** A listener that ignores every report. */
    TrainingListener NONE = progress -> { };

    /**
     * Reports a finished step.
     *
     * @param progress the state after the step
     */
    void stepFinished(TrainingProgress progress);

    /**
     * Reports that a checkpoint was written. Does nothing unless overridden.
     *
     * @param step the step it holds
     * @param file the checkpoint file
     */
    default void checkpointWritten(long step, Path file) {
    }
}
