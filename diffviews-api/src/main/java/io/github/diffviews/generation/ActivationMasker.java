package io.github.diffviews.generation;

import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.tensor.FloatMatrix;
import io.github.diffviews.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Layers pinned to given activations for the first steps of a generation. Immutable.
 *
 * <p>A masker holds one mask per layer, each {@code (1, C, H, W)} (applied to every image of the
 * batch) or {@code (B, C, H, W)}, and the number of steps they hold for: steps
 * {@code 0 … steps−1} run with the masks, the rest without; 0 masks nothing. A mask replaces the
 * layer's whole output, in every network call of a masked step (both guidance passes, both calls
 * of a Heun step).
 *
 * <p>{@link #fromMeanOfRows} builds the masks the Python tool built from a selection: the mean of
 * chosen samples' activation rows, split into layers by the activation layout. Unlike the Python
 * tool, a layer that the network does not have, or whose size differs from its {@code C·H·W},
 * is an error rather than a silent shift of every later slice.
 */
public final class ActivationMasker {

    private static final ActivationMasker NONE = new ActivationMasker(Map.of(), 0);

    private final Map<String, Tensor> masks;
    private final int steps;

    private ActivationMasker(Map<String, Tensor> masks, int steps) {
        this.masks = masks;
        this.steps = steps;
    }

    /**
     * Returns the masker that masks nothing.
     *
     * @return the empty masker
     */
    public static ActivationMasker none() {
        return NONE;
    }

    /**
     * Creates a masker from masks given directly.
     *
     * @param masks layer to mask: {@code (C, H, W)}, {@code (1, C, H, W)} or {@code (B, C, H, W)}
     * @param steps how many leading steps the masks hold for, ≥ 0
     * @return the masker
     * @throws IllegalArgumentException if a mask is not 3-D or 4-D or holds NaN, or steps is
     *     negative
     */
    public static ActivationMasker of(Map<String, Tensor> masks, int steps) {
        Objects.requireNonNull(masks, "masks");
        checkSteps(steps);
        Map<String, Tensor> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : masks.entrySet()) {
            Tensor mask = Objects.requireNonNull(entry.getValue(), entry.getKey());
            if (mask.rank() == 3) {
                mask = mask.reshape(1, mask.dim(0), mask.dim(1), mask.dim(2));
            }
            if (mask.rank() != 4) {
                throw new IllegalArgumentException("Mask for layer '" + entry.getKey()
                        + "' has shape " + Arrays.toString(mask.shape())
                        + ", expected (C, H, W) or (B, C, H, W)");
            }
            if (mask.countNonFinite() > 0) {
                throw new IllegalArgumentException("Mask for layer '" + entry.getKey()
                        + "' holds NaN or infinite values");
            }
            copy.put(entry.getKey(), mask);
        }
        return new ActivationMasker(Collections.unmodifiableMap(copy), steps);
    }

    /**
     * Averages chosen rows of an activation matrix and splits the mean into one mask per layer
     * of the layout, each shaped {@code (1, C, H, W)} as the network's layer.
     *
     * @param activations the activation matrix, one row per sample
     * @param rows the samples to average (for example a selection and its neighbors)
     * @param layout how the columns divide into layers
     * @param layers the network's layers, for the shapes
     * @param steps how many leading steps the masks hold for, ≥ 0
     * @return the masker
     * @throws IllegalArgumentException if no rows are given, a row is out of range, the layout's
     *     width differs from the matrix's, a layer is unknown to the network, or a layer's size
     *     differs from its {@code C·H·W}
     */
    public static ActivationMasker fromMeanOfRows(FloatMatrix activations, int[] rows,
            ActivationLayout layout, LayerCatalog layers, int steps) {
        Objects.requireNonNull(activations, "activations");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(layers, "layers");
        checkSteps(steps);
        if (rows.length == 0) {
            throw new IllegalArgumentException("No rows to average; select at least one sample");
        }
        if (layout.width() != activations.columns()) {
            throw new IllegalArgumentException("The activation layout spans " + layout.width()
                    + " columns but the matrix has " + activations.columns());
        }
        for (ActivationLayout.Slice slice : layout.slices()) {
            if (!layers.contains(slice.layer())) {
                throw new IllegalArgumentException("Layer '" + slice.layer() + "' of the "
                        + "activation layout is not a layer of the network; known layers: "
                        + String.join(", ", layers.originalNames()));
            }
            LayerCatalog.Layer layer = layers.resolve(slice.layer());
            if (layer.size() != slice.size()) {
                throw new IllegalArgumentException("Layer '" + slice.layer() + "' has "
                        + slice.size() + " values in the activation layout, but the network's "
                        + layer.key() + " is " + Arrays.toString(layer.shape()) + " = "
                        + layer.size());
            }
        }

        double[] sum = new double[activations.columns()];
        float[] row = new float[activations.columns()];
        for (int index : rows) {
            Objects.checkIndex(index, activations.rows());
            activations.copyRow(index, row);
            for (int j = 0; j < row.length; j++) {
                sum[j] += row[j];
            }
        }

        Map<String, Tensor> masks = new LinkedHashMap<>();
        for (ActivationLayout.Slice slice : layout.slices()) {
            LayerCatalog.Layer layer = layers.resolve(slice.layer());
            float[] mean = new float[slice.size()];
            for (int j = 0; j < mean.length; j++) {
                mean[j] = (float) (sum[slice.offset() + j] / rows.length);
            }
            masks.put(slice.layer(), Tensor.wrap(mean, 1, layer.channels(), layer.height(),
                    layer.width()));
        }
        return new ActivationMasker(Collections.unmodifiableMap(masks), steps);
    }

    /**
     * Returns a masker with the same masks holding for another number of steps.
     *
     * @param newSteps how many leading steps, ≥ 0
     * @return the new masker
     */
    public ActivationMasker withSteps(int newSteps) {
        checkSteps(newSteps);
        return new ActivationMasker(masks, newSteps);
    }

    /**
     * Returns the masks.
     *
     * @return layer to mask, each 4-D
     */
    public Map<String, Tensor> masks() {
        return masks;
    }

    /**
     * Returns how many leading steps the masks hold for.
     *
     * @return the step count, 0 for none
     */
    public int steps() {
        return steps;
    }

    /**
     * Tells whether a step runs with the masks.
     *
     * @param step the step index, from 0
     * @return true for steps {@code 0 … steps()−1} when there are masks
     */
    public boolean appliesAt(int step) {
        return !masks.isEmpty() && step < steps;
    }

    /**
     * Tells whether this masker masks nothing.
     *
     * @return true when there are no masks or no steps
     */
    public boolean isEmpty() {
        return masks.isEmpty() || steps == 0;
    }

    @Override
    public String toString() {
        return "ActivationMasker[layers=" + masks.keySet() + ", steps=" + steps + "]";
    }

    private static void checkSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("Mask steps = " + steps + ", expected 0 or more");
        }
    }
}
