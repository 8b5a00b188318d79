package io.github.diffviews.umap.internal;

/**
 * A small, fast, splittable random number generator (SplitMix64, Steele, Lea and Flood 2014).
 *
 * <p>Every random choice of a fit or a transform comes from a stream derived from the seed and
 * the identity of the work it serves ({@link #stream(long, long, long)}), never from a generator
 * shared between threads; that is what makes results independent of the thread count.
 */
public final class Rng {

    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private long state;
    private double spareGaussian = Double.NaN;

    /**
     * Creates a generator.
     *
     * @param seed the initial state
     */
    public Rng(long seed) {
        this.state = seed;
    }

    /**
     * Creates the generator of one unit of work.
     *
     * @param seed the fit's seed
     * @param first the first identifier of the work (a stage or epoch)
     * @param second the second identifier (a vertex, a tree)
     * @return a generator whose stream depends only on the three values
     */
    public static Rng stream(long seed, long first, long second) {
        return new Rng(hash(seed, first, second));
    }

    /**
     * Mixes three values into a well-distributed 64-bit hash.
     *
     * @param seed the first value
     * @param first the second value
     * @param second the third value
     * @return the hash
     */
    public static long hash(long seed, long first, long second) {
        return mix(mix(mix(seed + GOLDEN) ^ (first * GOLDEN + 0x632be59bd9b4e019L))
                ^ (second + 0x3c6ef372fe94f82bL));
    }

    /**
     * Scrambles a 64-bit value (the SplitMix64 finaliser).
     *
     * @param value the input
     * @return the scrambled value
     */
    public static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Returns the next 64 random bits.
     *
     * @return a random long
     */
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /**
     * Returns a random integer in {@code [0, bound)}, by Lemire's multiply-and-shift (its bias,
     * below 2^-32 of the bound, does not matter here).
     *
     * @param bound the exclusive upper bound, positive
     * @return a random integer
     */
    public int nextInt(int bound) {
        long bits = nextLong() >>> 32;
        return (int) ((bits * bound) >>> 32);
    }

    /**
     * Returns a random double in {@code [0, 1)}.
     *
     * @return a uniform double
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Returns a standard normal value (the polar method; deterministic, from this stream only).
     *
     * @return a Gaussian value with mean 0 and variance 1
     */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double spare = spareGaussian;
            spareGaussian = Double.NaN;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * factor;
        return u * factor;
    }
}
