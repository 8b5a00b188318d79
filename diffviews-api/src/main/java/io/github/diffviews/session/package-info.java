/**
 * Per-user exploration: the immutable {@link io.github.diffviews.session.ExplorationState}
 * (selection, manual and suggested neighbors, class highlight, trajectories), its transitions,
 * the neighbor gallery and how each sample is marked on the map.
 */
package io.github.diffviews.session;
