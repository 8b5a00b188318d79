/**
 * DiffViews: explore what a diffusion model's activations encode.
 *
 * <p>{@link io.github.diffviews.Visualizer#open(java.nio.file.Path)} reads a data directory and
 * returns a catalogue of immutable {@link io.github.diffviews.ModelData}: samples, map
 * coordinates, memory-mapped activations and neighbor search. Per-user exploration lives in
 * {@link io.github.diffviews.session.ExplorationState}; generation with activation masks lives in
 * {@link io.github.diffviews.generation}.
 */
package io.github.diffviews;
