package io.github.diffviews.training;

import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.task.CancellationToken;
import java.io.IOException;

/**
 * Trains one network architecture with EDM's loss, Adam and an EMA of the weights (see the
 * package description). Get one from
 * {@link io.github.diffviews.engine.DiffusionEngine#trainer(NetworkConfig)}.
 *
 * <p>The output directory receives {@value #CHECKPOINT_FILE} (weights, EMA, Adam's moments, the
 * step and the state of the random streams) every {@link TrainingOptions#checkpointInterval()}
 * steps and at the end, {@value #EMA_FILE} (the EMA weights alone) with it, and
 * {@value #LOG_FILE} (step, loss, smoothed loss, speed). Files are replaced atomically, so a run
 * that is cancelled, killed or fails between steps leaves the last checkpoint whole, and a run
 * with {@link TrainingOptions#resume()} continues from it bit for bit.
 */
public interface Trainer {

    /** File name of the checkpoint in the output directory. */
    String CHECKPOINT_FILE = "checkpoint.safetensors";

    /** File name of the EMA weights in the output directory. */
    String EMA_FILE = "ema.safetensors";

    /** File name of the training log (CSV) in the output directory. */
    String LOG_FILE = "training_log.csv";

    /**
     * Returns the architecture this trainer trains.
     *
     * @return the network configuration
     */
    NetworkConfig config();

    /**
     * Trains until {@link TrainingOptions#steps()} steps have been taken.
     *
     * @param data the images and labels; their shape and class count must match the network
     * @param options the options
     * @param listener receives each step's progress
     * @param cancellation checked between steps
     * @return the result
     * @throws IOException if the data or a checkpoint cannot be read, or an output cannot be
     *     written
     * @throws io.github.diffviews.io.DataFormatException if the checkpoint to resume from is
     *     damaged or was written for another network or other options
     * @throws IllegalArgumentException if the data or the options do not fit the network
     * @throws IllegalStateException if the directory holds a checkpoint and the options do not
     *     resume, or the loss stops being finite
     * @throws java.util.concurrent.CancellationException if cancelled; the last
     *     checkpoint is left as it was
     */
    TrainingResult train(TrainingData data, TrainingOptions options, TrainingListener listener,
            CancellationToken cancellation) throws IOException;
}
