package io.github.diffviews.training;

import java.time.Duration;

/**
 * The state of training after one step.
 *
 * @param step steps taken so far (1 after the first), counted from the start of training
 * @param totalSteps the step training stops at
 * @param loss the mean EDM loss per pixel of this step's batch
 * @param smoothedLoss an exponential average of the loss over about the last 100 steps
 *     ({@code s ← 0.99·s + 0.01·loss}, corrected for its start as Adam corrects its moments)
 * @param learningRate the learning rate this step used
 * @param imagesPerSecond images per second over the last (up to) 50 steps of this run, NaN
 *     after its first step
 * @param elapsed training time so far, including the runs before a resume
 */
public record TrainingProgress(long step, long totalSteps, double loss, double smoothedLoss,
        double learningRate, double imagesPerSecond, Duration elapsed) {
}
