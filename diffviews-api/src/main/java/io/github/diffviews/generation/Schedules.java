package io.github.diffviews.generation;

/**
 * σ schedules. The Karras (EDM) schedule with ρ spaces n values between σ_max and σ_min evenly
 * in σ^(1/ρ): {@code σ_i = (σmax^(1/ρ) + i/(n−1) · (σmin^(1/ρ) − σmax^(1/ρ)))^ρ} for
 * {@code i = 0 … n−1}, with the single value σ_max when n = 1 (no division by zero). The
 * interpolation is computed as {@code (1 − r)·σmax^(1/ρ) + r·σmin^(1/ρ)}, equal to upstream's
 * form in exact arithmetic, so the schedule ends exactly at σ_min even for a small ρ.
 */
public final class Schedules {

    private Schedules() {
    }

    /**
     * Returns the Karras schedule, without a trailing 0.
     *
     * @param steps n ≥ 1
     * @param sigmaMax the first σ
     * @param sigmaMin the last σ (when n &gt; 1), 0 &lt; σ_min &lt; σ_max
     * @param rho ρ &gt; 0, 7 in EDM
     * @return n values, descending from σ_max to σ_min
     * @throws IllegalArgumentException if a value is out of range
     */
    public static double[] karras(int steps, double sigmaMax, double sigmaMin, double rho) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps = " + steps + ", expected at least 1");
        }
        if (!(sigmaMin > 0) || !(sigmaMin < sigmaMax) || Double.isInfinite(sigmaMax)) {
            throw new IllegalArgumentException("σ range " + sigmaMax + " → " + sigmaMin
                    + " is invalid; expected 0 < σ_min < σ_max < ∞");
        }
        if (!(rho > 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("ρ = " + rho + ", expected a finite value > 0");
        }
        double[] sigmas = new double[steps];
        double maxRoot = Math.pow(sigmaMax, 1.0 / rho);
        double minRoot = Math.pow(sigmaMin, 1.0 / rho);
        for (int i = 0; i < steps; i++) {
            double ramp = steps == 1 ? 0.0 : (double) i / (steps - 1);
            sigmas[i] = Math.pow((1 - ramp) * maxRoot + ramp * minRoot, rho);
        }
        return sigmas;
    }

    /**
     * Returns the schedule with 0 appended, as EDM's samplers use it.
     *
     * @param sigmas the schedule
     * @return a copy one longer, ending in 0
     */
    public static double[] withTrailingZero(double[] sigmas) {
        double[] extended = new double[sigmas.length + 1];
        System.arraycopy(sigmas, 0, extended, 0, sigmas.length);
        return extended;
    }
}
