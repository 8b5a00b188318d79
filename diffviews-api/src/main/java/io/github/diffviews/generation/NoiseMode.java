package io.github.diffviews.generation;

/**
 * Where a generation's noise comes from. Every mode draws from {@link GaussianNoise} on the Java
 * side, so the engine and device never change the result.
 */
public enum NoiseMode {
    /**
     * Fresh noise: the initial noise and each between-step noise come from a generator seeded
     * with the given seed, or with a random seed (reported in the result) when none is given.
     */
    STOCHASTIC,
    /**
     * Reproducible noise: as {@link #STOCHASTIC} but always seeded, with 42 when no seed is
     * given, so every run with the same settings is identical, initial noise included.
     */
    FIXED,
    /**
     * No noise at all: the initial noise is zero (so the first input is 0) and the between-step
     * noise is zero (so the re-noise sampler feeds each prediction back unchanged).
     */
    ZERO
}
