/**
 * File formats: numpy's {@code .npy} (read on the heap or memory-mapped, versions 1-3, float16
 * to float64 and integers) and {@code .npz}, plus atomic writes so that a failed write never
 * corrupts a file already saved.
 */
package io.github.diffviews.io;
