package io.github.diffviews.data;

/**
 * What to do about NaN and infinite values in an activation matrix when a model is opened.
 * Counting reads the whole matrix, which takes seconds for gigabytes, so the default checks
 * small matrices at once and leaves large ones to {@link Activations#nonFiniteCount()}.
 */
public enum NonFiniteCheck {
    /** Count and warn when the matrix is at most 1 GiB; larger ones are counted on request. */
    AUTO,
    /** Always count at open and warn with the count. */
    REPORT,
    /** Count at open and refuse the model if any value is NaN or infinite. */
    REJECT,
    /** Never count at open. */
    SKIP
}
