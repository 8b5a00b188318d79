/**
 * Runnable examples of the library: each is a short, documented {@code main} over the public
 * API. {@link io.github.diffviews.examples.TrainFashionMnist} trains the shipped Fashion-MNIST
 * model; {@link io.github.diffviews.examples.TrainingStepTimes} measures what one training step
 * costs for candidate network sizes, the figures behind the shipped model's size.
 */
package io.github.diffviews.examples;
