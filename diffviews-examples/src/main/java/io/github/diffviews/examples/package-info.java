/**
 * Runnable examples of the library: each is a short, documented {@code main} over the public
 * API. {@link io.github.diffviews.examples.QuickStart} opens a data directory, finds neighbors,
 * generates with masks and saves the map with the generation's trajectory;
 * {@link io.github.diffviews.examples.SteeringStudy} runs a batch of masked generations and
 * tabulates where they end on the map; {@link io.github.diffviews.examples.CustomBackends} runs a
 * generation on the backends of {@link io.github.diffviews.examples.backends}, plugged in through
 * the service-provider interfaces. {@link io.github.diffviews.examples.TrainFashionMnist} trains
 * the shipped Fashion-MNIST model; {@link io.github.diffviews.examples.TrainingStepTimes}
 * measures what one training step costs for candidate network sizes, the figures behind the
 * shipped model's size.
 */
package io.github.diffviews.examples;
