package io.github.diffviews.generation;

import io.github.diffviews.tensor.Tensor;

/**
 * Supplies the standard normal noise of one generation: the initial noise ε (the first input is
 * {@code ε · σ_0}) and the noise that re-noises the prediction between steps. The
 * {@link NoiseMode}s are built on {@link GaussianNoise}; a caller may give its own source to
 * start from chosen latents. A source is used by one generation at a time.
 */
public interface NoiseSource {

    /**
     * Returns the initial noise.
     *
     * @param shape {@code (B, C, H, W)}
     * @return a tensor of that shape
     */
    Tensor initial(int[] shape);

    /**
     * Returns the noise added after step {@code step} (before step {@code step + 1}).
     *
     * @param step the step just finished, from 0
     * @param shape {@code (B, C, H, W)}
     * @return a tensor of that shape
     */
    Tensor step(int step, int[] shape);

    /**
     * Returns a source for a mode.
     *
     * @param mode the noise mode
     * @param seed the seed ({@link NoiseMode#ZERO} ignores it)
     * @return a new source
     */
    static NoiseSource of(NoiseMode mode, long seed) {
        if (mode == NoiseMode.ZERO) {
            return new NoiseSource() {
                @Override
                public Tensor initial(int[] shape) {
                    return Tensor.zeros(shape);
                }

                @Override
                public Tensor step(int step, int[] shape) {
                    return Tensor.zeros(shape);
                }
            };
        }
        GaussianNoise noise = GaussianNoise.seeded(seed);
        return new NoiseSource() {
            @Override
            public Tensor initial(int[] shape) {
                return noise.tensor(shape);
            }

            @Override
            public Tensor step(int step, int[] shape) {
                return noise.tensor(shape);
            }
        };
    }
}
