package io.github.diffviews.engine;

import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One denoising call: a noisy batch {@code x} of shape {@code (B, C, H, W)}, its σ, its class
 * labels, the guidance scale, the masks to apply and the layers to capture. Immutable; build one
 * with {@link #builder(Tensor)}.
 *
 * <ul>
 *   <li><b>σ</b>: one value per item, or one value for the whole batch; each must be finite and
 *       &gt; 0 (the network takes ln σ). Engines compute in float32, as upstream does.</li>
 *   <li><b>Labels</b>: {@code (B, label_dim)}, one-hot or any soft vector; null means all zeros
 *       (no class).</li>
 *   <li><b>Guidance</b> g (default 1): when g ≠ 1 the network also runs an unconditional pass
 *       with all-zero labels and the result is {@code uncond + g·(cond − uncond)}. Masks apply to
 *       both passes; captures come from the conditional pass.</li>
 *   <li><b>Masks</b>: layer → activation that replaces the layer's whole output, of shape
 *       {@code (1, C, H, W)} (broadcast over the batch), {@code (B, C, H, W)}, or
 *       {@code (C, H, W)} (taken as batch 1). Masking an encoder layer also replaces the skip
 *       connection it feeds to the decoder, as upstream hooks did.</li>
 *   <li><b>Captures</b>: layers whose output is returned, keyed by the name requested. A masked
 *       layer's capture is its mask, broadcast to the batch.</li>
 * </ul>
 * Layer names are upstream keys ({@code dec.8x8_in0}) or the Python tool's names
 * ({@code midblock}); see {@link LayerCatalog}. Shapes against the network are checked by
 * {@link #validate(NetworkConfig, LayerCatalog)}, which every engine calls.
 */
public final class DenoiseRequest {

    private final Tensor x;
    private final double[] sigma;
    private final Tensor labels;
    private final double guidance;
    private final Map<String, Tensor> masks;
    private final Set<String> captures;

    private DenoiseRequest(Builder builder) {
        this.x = builder.x;
        this.sigma = builder.sigma;
        this.labels = builder.labels;
        this.guidance = builder.guidance;
        this.masks = Collections.unmodifiableMap(new LinkedHashMap<>(builder.masks));
        this.captures = Collections.unmodifiableSet(new LinkedHashSet<>(builder.captures));
    }

    /**
     * Starts a request for a noisy batch.
     *
     * @param x the batch, {@code (B, C, H, W)}
     * @return a builder
     * @throws IllegalArgumentException if {@code x} is not 4-D, is empty or holds NaN or infinite
     *     values
     */
    public static Builder builder(Tensor x) {
        return new Builder(x);
    }

    /**
     * Returns the noisy batch.
     *
     * @return {@code x}, {@code (B, C, H, W)}
     */
    public Tensor x() {
        return x;
    }

    /**
     * Returns the batch size B.
     *
     * @return the number of items
     */
    public int batchSize() {
        return x.dim(0);
    }

    /**
     * Returns σ of each item (a single value is repeated for the whole batch).
     *
     * @return B values
     */
    public double[] sigmas() {
        if (sigma.length == batchSize()) {
            return sigma.clone();
        }
        double[] all = new double[batchSize()];
        Arrays.fill(all, sigma[0]);
        return all;
    }

    /**
     * Returns the class labels.
     *
     * @return {@code (B, label_dim)}, or null for all-zero labels
     */
    public Tensor labels() {
        return labels;
    }

    /**
     * Returns the guidance scale.
     *
     * @return g, 1 for no guidance
     */
    public double guidance() {
        return guidance;
    }

    /**
     * Returns the masks, each {@code (1, C, H, W)} or {@code (B, C, H, W)}.
     *
     * @return layer name to mask
     */
    public Map<String, Tensor> masks() {
        return masks;
    }

    /**
     * Returns the layers to capture.
     *
     * @return the names, in the order given
     */
    public Set<String> captures() {
        return captures;
    }

    /**
     * Checks this request against a network: image shape, label width, mask names and shapes,
     * capture names.
     *
     * @param config the network's configuration
     * @param catalog its layers
     * @throws IllegalArgumentException naming the value and the expected shape
     * @throws io.github.diffviews.data.UnknownLayerException for an unknown mask or capture layer
     */
    public void validate(NetworkConfig config, LayerCatalog catalog) {
        int batch = batchSize();
        int[] expectedImage = {batch, config.imgChannels(), config.imgResolution(),
            config.imgResolution()};
        if (!Arrays.equals(x.shape(), expectedImage)) {
            throw new IllegalArgumentException("x has shape " + Arrays.toString(x.shape())
                    + ", expected " + Arrays.toString(expectedImage) + " (B, img_channels, "
                    + "img_resolution, img_resolution)");
        }
        if (labels != null) {
            int[] expectedLabels = {batch, config.labelDim()};
            if (!Arrays.equals(labels.shape(), expectedLabels)) {
                throw new IllegalArgumentException("Class labels have shape "
                        + Arrays.toString(labels.shape()) + ", expected "
                        + Arrays.toString(expectedLabels) + " (B, label_dim)");
            }
        }
        if (guidance != 1.0 && config.labelDim() == 0) {
            throw new IllegalArgumentException("Guidance scale " + guidance + " needs a "
                    + "class-conditional network, but label_dim is 0");
        }
        for (Map.Entry<String, Tensor> mask : masks.entrySet()) {
            LayerCatalog.Layer layer = catalog.resolve(mask.getKey());
            int[] shape = mask.getValue().shape();
            int[] one = {1, layer.channels(), layer.height(), layer.width()};
            int[] full = {batch, layer.channels(), layer.height(), layer.width()};
            if (!Arrays.equals(shape, one) && !Arrays.equals(shape, full)) {
                throw new IllegalArgumentException("Mask for layer '" + mask.getKey()
                        + "' has shape " + Arrays.toString(shape) + ", expected "
                        + Arrays.toString(one) + " or " + Arrays.toString(full)
                        + " (or the same without the batch dimension)");
            }
        }
        for (String capture : captures) {
            catalog.resolve(capture);
        }
    }

    @Override
    public String toString() {
        return "DenoiseRequest[x=" + Arrays.toString(x.shape()) + ", sigma="
                + Arrays.toString(sigma) + ", guidance=" + guidance + ", masks="
                + masks.keySet() + ", captures=" + captures + "]";
    }

    /** Builds a {@link DenoiseRequest}; each setter checks what it can without the network. */
    public static final class Builder {

        private final Tensor x;
        private double[] sigma;
        private Tensor labels;
        private double guidance = 1.0;
        private final Map<String, Tensor> masks = new LinkedHashMap<>();
        private final Set<String> captures = new LinkedHashSet<>();

        private Builder(Tensor x) {
            Objects.requireNonNull(x, "x");
            if (x.rank() != 4 || x.size() == 0) {
                throw new IllegalArgumentException("x has shape " + Arrays.toString(x.shape())
                        + ", expected a non-empty (B, C, H, W)");
            }
            if (x.countNonFinite() > 0) {
                throw new IllegalArgumentException("x holds " + x.countNonFinite()
                        + " NaN or infinite values");
            }
            this.x = x;
        }

        /**
         * Sets one σ for the whole batch.
         *
         * @param value σ &gt; 0
         * @return this builder
         * @throws IllegalArgumentException if σ is NaN, infinite or not positive
         */
        public Builder sigma(double value) {
            return sigmas(value);
        }

        /**
         * Sets σ per item (or one value for the whole batch).
         *
         * @param values B values, or one
         * @return this builder
         * @throws IllegalArgumentException if the count is neither 1 nor B, or a value is NaN,
         *     infinite or not positive
         */
        public Builder sigmas(double... values) {
            Objects.requireNonNull(values, "values");
            int batch = x.dim(0);
            if (values.length != 1 && values.length != batch) {
                throw new IllegalArgumentException("σ has " + values.length + " values, expected "
                        + batch + " (one per item) or 1");
            }
            for (int i = 0; i < values.length; i++) {
                if (!(values[i] > 0) || Double.isInfinite(values[i])) {
                    throw new IllegalArgumentException("σ[" + i + "] = " + values[i]
                            + ", expected a finite value > 0");
                }
            }
            this.sigma = values.clone();
            return this;
        }

        /**
         * Sets the class labels.
         *
         * @param value {@code (B, label_dim)}, or null for all zeros
         * @return this builder
         * @throws IllegalArgumentException if the labels are not 2-D with B rows or hold NaN
         */
        public Builder labels(Tensor value) {
            if (value != null) {
                if (value.rank() != 2 || value.dim(0) != x.dim(0)) {
                    throw new IllegalArgumentException("Class labels have shape "
                            + Arrays.toString(value.shape()) + ", expected (" + x.dim(0)
                            + ", label_dim)");
                }
                if (value.countNonFinite() > 0) {
                    throw new IllegalArgumentException("Class labels hold NaN or infinite "
                            + "values");
                }
            }
            this.labels = value;
            return this;
        }

        /**
         * Sets the classifier-free guidance scale.
         *
         * @param value g, finite; 1 runs a single conditional pass
         * @return this builder
         * @throws IllegalArgumentException if the scale is NaN or infinite
         */
        public Builder guidance(double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("Guidance scale = " + value
                        + ", expected a finite number");
            }
            this.guidance = value;
            return this;
        }

        /**
         * Adds a mask.
         *
         * @param layer the layer whose output it replaces
         * @param value {@code (1, C, H, W)}, {@code (B, C, H, W)} or {@code (C, H, W)}
         * @return this builder
         * @throws IllegalArgumentException if the mask is not 3-D or 4-D, holds NaN, or the layer
         *     already has one
         */
        public Builder mask(String layer, Tensor value) {
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(value, "value");
            Tensor mask = value.rank() == 3
                    ? value.reshape(1, value.dim(0), value.dim(1), value.dim(2)) : value;
            if (mask.rank() != 4) {
                throw new IllegalArgumentException("Mask for layer '" + layer + "' has shape "
                        + Arrays.toString(value.shape()) + ", expected (C, H, W) or "
                        + "(1 or B, C, H, W)");
            }
            if (mask.countNonFinite() > 0) {
                throw new IllegalArgumentException("Mask for layer '" + layer + "' holds "
                        + mask.countNonFinite() + " NaN or infinite values");
            }
            if (masks.putIfAbsent(layer, mask) != null) {
                throw new IllegalArgumentException("Layer '" + layer + "' is masked twice");
            }
            return this;
        }

        /**
         * Adds masks.
         *
         * @param values layer to mask
         * @return this builder
         * @throws IllegalArgumentException as {@link #mask(String, Tensor)}
         */
        public Builder masks(Map<String, Tensor> values) {
            values.forEach(this::mask);
            return this;
        }

        /**
         * Adds layers to capture.
         *
         * @param layers layer names
         * @return this builder
         */
        public Builder capture(String... layers) {
            for (String layer : layers) {
                captures.add(Objects.requireNonNull(layer, "layer"));
            }
            return this;
        }

        /**
         * Adds layers to capture.
         *
         * @param layers layer names
         * @return this builder
         */
        public Builder captures(Iterable<String> layers) {
            for (String layer : layers) {
                captures.add(Objects.requireNonNull(layer, "layer"));
            }
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalStateException if σ was not set
         */
        public DenoiseRequest build() {
            if (sigma == null) {
                throw new IllegalStateException("σ was not set; call sigma(...) or sigmas(...)");
            }
            return new DenoiseRequest(this);
        }
    }
}
