package io.github.diffviews.generation;

import io.github.diffviews.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Standard normal noise from a seed, the same on every JVM, engine and device: generation draws
 * its initial and between-step noise here rather than on the engine, so a seeded generation is
 * reproducible end to end.
 *
 * <p>The generator is specified completely: {@link SplittableRandom} (SplitMix64) seeded with the
 * seed yields uniform doubles {@code u = (nextLong() >>> 11) · 2^-53}; each pair
 * {@code (u1, u2)} gives two normals by the Box–Muller transform,
 * {@code √(−2 ln(1 − u1)) · cos(2π u2)} then {@code … · sin(2π u2)}, computed with
 * {@link StrictMath} and rounded to float. Values are produced in C order. Not thread-safe: use
 * one instance per generation, or {@link #split()}.
 */
public final class GaussianNoise {

    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    private GaussianNoise(SplittableRandom random) {
        this.random = random;
    }

    /**
     * Creates a generator.
     *
     * @param seed the seed
     * @return a generator whose sequence depends only on the seed
     */
    public static GaussianNoise seeded(long seed) {
        return new GaussianNoise(new SplittableRandom(seed));
    }

    /**
     * Returns an independent generator derived from this one (and advances this one).
     *
     * @return a new generator
     */
    public GaussianNoise split() {
        return new GaussianNoise(random.split());
    }

    /**
     * Returns the next standard normal value.
     *
     * @return a value of N(0, 1)
     */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double angle = 2.0 * StrictMath.PI * u2;
        spare = radius * StrictMath.sin(angle);
        hasSpare = true;
        return radius * StrictMath.cos(angle);
    }

    /**
     * Returns a uniform integer, for picking random classes from the same stream.
     *
     * @param bound the exclusive upper bound, &gt; 0
     * @return a value in [0, bound)
     */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /**
     * Fills an array with standard normal values rounded to float.
     *
     * @param count how many values
     * @return a new array
     */
    public float[] next(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) nextGaussian();
        }
        return values;
    }

    /**
     * Returns a tensor of standard normal values.
     *
     * @param shape the shape
     * @return a new tensor
     */
    public Tensor tensor(int... shape) {
        long size = 1;
        for (int dim : shape) {
            size *= dim;
        }
        return Tensor.wrap(next(Math.toIntExact(size)), shape);
    }
}
