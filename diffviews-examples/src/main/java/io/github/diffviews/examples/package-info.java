/**
 * Runnable examples of the library: each is a short, documented {@code main} over the public
 * API. {@link io.github.diffviews.examples.QuickStart} opens a data directory, finds neighbors,
 * generates with masks and saves the map with the generation's trajectory;
 * {@link io.github.diffviews.examples.SteeringStudy} runs a batch of masked generations and
 * tabulates where they end on the map. The backends plugged in through the service-provider
 * interfaces are in {@link io.github.diffviews.examples.backends}.
 */
package io.github.diffviews.examples;
