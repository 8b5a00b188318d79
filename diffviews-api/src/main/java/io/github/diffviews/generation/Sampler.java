package io.github.diffviews.generation;

/**
 * How a generation moves from σ_max to a clean image. Each sampler takes n Karras σ values
 * (see {@link Schedules#karras}) and starts from {@code x = ε · σ_0}.
 */
public enum Sampler {
    /**
     * The Python diffviews sampler: at each step predict {@code x0 = D(x; σ_i)}, then re-noise
     * to the next σ, {@code x = x0 + σ_{i+1} · ε_i}; the last prediction is the result. Its
     * schedule is the n σ values themselves, from σ_max down to σ_min, with no trailing 0, so
     * the last network call is at σ_min. One network evaluation per step; the between-step noise
     * follows the noise mode.
     */
    X0_RENOISE,
    /**
     * First-order Euler on EDM's probability-flow ODE over the n σ values plus a final 0:
     * {@code x += (σ_{i+1} − σ_i) · (x − D(x; σ_i)) / σ_i}. One evaluation per step;
     * deterministic after the initial noise.
     */
    EULER,
    /**
     * EDM's second-order Heun sampler ({@code edm_sampler} with no churn) over the n σ values
     * plus a final 0: an Euler step, then, except on the last step, a correction with the slope
     * at the predicted point. 2n − 1 evaluations; deterministic after the initial noise.
     */
    HEUN;

    /**
     * Returns the σ values at which the steps start, plus the final 0 for the ODE samplers.
     *
     * @param sigmas the n σ values of the schedule
     * @return the schedule this sampler walks
     */
    double[] walk(double[] sigmas) {
        return this == X0_RENOISE ? sigmas.clone() : Schedules.withTrailingZero(sigmas);
    }
}
