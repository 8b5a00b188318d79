package io.github.diffviews.extraction;

/**
 * How an image is turned into the network input at a noise level σ when activations are
 * recorded.
 */
public enum InputMode {
    /**
     * {@code x = image + σ·ε} with Gaussian noise ε: the input the network sees while denoising,
     * and the default.
     */
    NOISED,
    /**
     * {@code x = image·σ}: what the Python tool's extraction scripts computed. Use it only to
     * compare with activations recorded that way; it is not a noised image.
     */
    SCALED
}
