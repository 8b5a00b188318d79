/**
 * Engine-neutral numeric containers: {@link io.github.diffviews.tensor.Tensor}, an immutable
 * N-dimensional float array that crosses the engine SPI, and
 * {@link io.github.diffviews.tensor.FloatMatrix}, a read-only row-access matrix that may be on
 * the heap or memory-mapped from an activation file.
 */
package io.github.diffviews.tensor;
