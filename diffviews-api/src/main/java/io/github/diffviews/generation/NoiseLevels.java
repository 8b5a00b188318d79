package io.github.diffviews.generation;

/**
 * Converts between a noise level on the 0-100 scale shown to users and the native EDM σ.
 *
 * <p>The scale is log-linear between {@link #SIGMA_MIN} (noise level 0) and {@link #SIGMA_MAX}
 * (noise level 100): {@code σ = σmin^(1 − n/100) · σmax^(n/100)} and
 * {@code n = 100 · (ln σ − ln σmin) / (ln σmax − ln σmin)}. Both directions clamp, so every
 * result is a valid value of the other unit: noise levels to [0, 100], σ to
 * [{@link #SIGMA_MIN}, {@link #SIGMA_MAX}]. This is the only place in the library that converts
 * between the two units.
 */
public final class NoiseLevels {

    /** σ at noise level 0, the smallest σ the EDM ImageNet models were trained with. */
    public static final double SIGMA_MIN = 0.002;

    /** σ at noise level 100, where sampling starts. */
    public static final double SIGMA_MAX = 80.0;

    private static final double LOG_MIN = Math.log(SIGMA_MIN);
    private static final double LOG_RANGE = Math.log(SIGMA_MAX) - LOG_MIN;

    private NoiseLevels() {
    }

    /**
     * Converts a noise level to σ.
     *
     * @param noiseLevel the noise level; values outside [0, 100] are clamped
     * @return σ in [{@link #SIGMA_MIN}, {@link #SIGMA_MAX}]
     * @throws IllegalArgumentException if the noise level is NaN
     */
    public static double toSigma(double noiseLevel) {
        if (Double.isNaN(noiseLevel)) {
            throw new IllegalArgumentException("Noise level is NaN, expected a value in [0, 100]");
        }
        double clamped = Math.max(0.0, Math.min(100.0, noiseLevel));
        if (clamped == 0.0) {
            return SIGMA_MIN;
        }
        if (clamped == 100.0) {
            return SIGMA_MAX;
        }
        return Math.exp(LOG_MIN + clamped / 100.0 * LOG_RANGE);
    }

    /**
     * Converts σ to a noise level.
     *
     * @param sigma σ; values outside [{@link #SIGMA_MIN}, {@link #SIGMA_MAX}] are clamped, so 0
     *     maps to noise level 0
     * @return the noise level in [0, 100]
     * @throws IllegalArgumentException if σ is NaN or negative
     */
    public static double toNoiseLevel(double sigma) {
        if (Double.isNaN(sigma) || sigma < 0) {
            throw new IllegalArgumentException("σ = " + sigma + ", expected a value ≥ 0");
        }
        double clamped = Math.max(SIGMA_MIN, Math.min(SIGMA_MAX, sigma));
        double level = 100.0 * (Math.log(clamped) - LOG_MIN) / LOG_RANGE;
        return Math.max(0.0, Math.min(100.0, level));
    }
}
