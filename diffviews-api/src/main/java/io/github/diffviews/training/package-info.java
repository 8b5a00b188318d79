/**
 * Training of EDM diffusion models, independent of the engine that runs them.
 *
 * <p>A {@link io.github.diffviews.training.Trainer} comes from the engine's
 * {@code DiffusionEngine.trainer(NetworkConfig)} for a network architecture. It reads images
 * and class labels from a {@link io.github.diffviews.training.TrainingData} (for example
 * {@code FashionMnist.trainingData}), follows a
 * {@link io.github.diffviews.training.TrainingOptions} (steps, batch, Adam learning rate and
 * warm-up, EMA of the weights, EDM's loss parameters, seed, checkpoints), reports each step as a
 * {@link io.github.diffviews.training.TrainingProgress} and returns a
 * {@link io.github.diffviews.training.TrainingResult} naming the EMA weights file, which any
 * engine opens as a denoiser.
 *
 * <p>The loss is EDM's: per image, {@code σ = exp(P_mean + P_std · n)} with {@code n ~ N(0, 1)},
 * {@code λ(σ) = (σ² + σ_data²) / (σ · σ_data)²} and {@code λ(σ) · ‖D(y + σ·ε; σ, label) − y‖²}.
 * Training is deterministic for a seed: the order of the images, the noise and the label dropout
 * are drawn from streams derived from the seed and the step, so a run resumed from a checkpoint
 * continues exactly as if it had never stopped.
 */
package io.github.diffviews.training;
