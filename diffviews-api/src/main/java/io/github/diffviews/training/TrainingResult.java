package io.github.diffviews.training;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What training produced.
 *
 * @param emaWeights the safetensors file of the EMA weights under the upstream parameter names,
 *     which a {@link io.github.diffviews.engine.DiffusionEngine} opens as a denoiser
 * @param checkpoint the last checkpoint, from which training can resume
 * @param steps the steps taken in all, including those before a resume
 * @param resumedFrom the step this run started from, 0 for a fresh run
 * @param finalLoss the smoothed loss at the last step
 * @param wallTime training time in all, including the runs before a resume
 */
public record TrainingResult(Path emaWeights, Path checkpoint, long steps, long resumedFrom,
        double finalLoss, Duration wallTime) {
}
