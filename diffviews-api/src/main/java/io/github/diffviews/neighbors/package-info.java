/**
 * Nearest-neighbor search over samples: on the map (2-D or 3-D coordinates, as the Python tool
 * did) and in activation space (exact Euclidean, over all layers or chosen ones). Results exclude
 * the query sample, are sorted by distance with ties broken by index, and carry their distances.
 */
package io.github.diffviews.neighbors;
