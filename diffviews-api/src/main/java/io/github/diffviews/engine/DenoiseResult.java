package io.github.diffviews.engine;

import io.github.diffviews.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one denoising call returns: the denoised batch {@code D(x; σ)} with the shape of the
 * input, and the captured activations, each {@code (B, C, H, W)}, keyed by the names requested.
 * Immutable.
 */
public final class DenoiseResult {

    private final Tensor denoised;
    private final Map<String, Tensor> activations;

    /**
     * Creates a result.
     *
     * @param denoised the denoised batch
     * @param activations layer name to captured output
     */
    public DenoiseResult(Tensor denoised, Map<String, Tensor> activations) {
        this.denoised = Objects.requireNonNull(denoised, "denoised");
        this.activations = Collections.unmodifiableMap(new LinkedHashMap<>(activations));
    }

    /**
     * Returns the denoised batch.
     *
     * @return {@code (B, C, H, W)}
     */
    public Tensor denoised() {
        return denoised;
    }

    /**
     * Returns the captured activations.
     *
     * @return layer name (as requested) to {@code (B, C, H, W)}
     */
    public Map<String, Tensor> activations() {
        return activations;
    }

    /**
     * Returns one captured activation.
     *
     * @param layer the name as requested
     * @return {@code (B, C, H, W)}
     * @throws IllegalArgumentException if that layer was not captured
     */
    public Tensor activation(String layer) {
        Tensor activation = activations.get(layer);
        if (activation == null) {
            throw new IllegalArgumentException("Layer '" + layer + "' was not captured; "
                    + "captured: " + activations.keySet());
        }
        return activation;
    }
}
