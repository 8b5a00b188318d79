package io.github.diffviews.torch;

import ai.djl.ndarray.NDArray;
import io.github.diffviews.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-call state of one forward pass: whether autograd records it (training), the masks to
 * apply and the captures to take, keyed by upstream layer key, and what was captured. Nothing of
 * it outlives the call, and no two calls share one.
 */
final class ForwardContext {

    private final Map<String, NDArray> masks;
    private final Map<String, List<String>> captures;
    private final Map<String, Tensor> captured = new LinkedHashMap<>();
    private final Map<String, Tensor> internals;
    private final boolean training;

    /**
     * Creates a context.
     *
     * @param masks layer key to mask, already on the call's device
     * @param captures layer key to the names the caller asked for it by
     * @param recordInternals whether to keep the intermediate values of the preconditioner
     */
    ForwardContext(Map<String, NDArray> masks, Map<String, List<String>> captures,
            boolean recordInternals) {
        this(masks, captures, recordInternals, false);
    }

    private ForwardContext(Map<String, NDArray> masks, Map<String, List<String>> captures,
            boolean recordInternals, boolean training) {
        this.masks = masks;
        this.captures = captures;
        this.internals = recordInternals ? new LinkedHashMap<>() : null;
        this.training = training;
    }

    static ForwardContext plain() {
        return new ForwardContext(Map.of(), Map.of(), false);
    }

    /** A context for a training pass: no masks, no captures, out-of-place operations only. */
    static ForwardContext training() {
        return new ForwardContext(Map.of(), Map.of(), false, true);
    }

    boolean isTraining() {
        return training;
    }

    /**
     * Applies the mask of a layer, if any, and takes its capture, if asked; returns the output
     * the network continues with.
     */
    NDArray afterLayer(String key, NDArray output) {
        NDArray result = output;
        NDArray mask = masks.get(key);
        if (mask != null) {
            result = mask.getShape().equals(output.getShape()) ? mask
                    : mask.broadcast(output.getShape());
        }
        List<String> names = captures.get(key);
        if (names != null) {
            Tensor activation = Tensors.toTensor(result);
            for (String name : names) {
                captured.put(name, activation);
            }
        }
        return result;
    }

    void record(String name, NDArray value) {
        if (internals != null) {
            internals.put(name, Tensors.toTensor(value));
        }
    }

    Map<String, Tensor> captured() {
        return captured;
    }

    Map<String, Tensor> internals() {
        return internals == null ? Map.of() : internals;
    }
}
