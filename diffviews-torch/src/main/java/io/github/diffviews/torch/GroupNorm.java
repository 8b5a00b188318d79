package io.github.diffviews.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.diffviews.network.NetworkConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GroupNorm over {@code (B, C, H, W)} with {@code min(32, C/4)} groups, ε = 1e-5 and a learned
 * per-channel scale and shift, as upstream's {@code GroupNorm}.
 *
 * <p>DJL has no group-norm operator, so the input is viewed as {@code (B, groups, C/groups·H·W)}
 * and normalized with the engine's layer norm over the last axis (with unit gain and zero bias,
 * cached per length), then scaled and shifted per channel.
 *
 * <p>For inference the scale and shift are cached as detached {@code (1, C, 1, 1)} views of the
 * parameters and applied in place. In training they are viewed afresh from the parameters on
 * every call and applied out of place, so autograd reaches the parameters and finds every value
 * it saved unchanged.
 */
final class GroupNorm extends AbstractBlock {

    private static final float EPS = 1e-5f;

    private final int channels;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;
    private final Map<Long, NDArray[]> identityAffine = new ConcurrentHashMap<>();
    private volatile NDArray weight4;
    private volatile NDArray bias4;

    GroupNorm(int channels) {
        this.channels = channels;
        this.groups = NetworkConfig.groupNormGroups(channels);
        this.weight = addParameter(Parameter.builder().setName("weight")
                .setType(Parameter.Type.GAMMA).build());
        this.bias = addParameter(Parameter.builder().setName("bias")
                .setType(Parameter.Type.BETA).build());
    }

    Parameter weight() {
        return weight;
    }

    Parameter bias() {
        return bias;
    }

    /** Normalizes {@code x} for inference; the result is attached to the manager of {@code x}. */
    NDArray apply(NDArray x) {
        return apply(x, false);
    }

    /**
     * Normalizes {@code x}; the result is attached to the manager of {@code x}.
     *
     * @param x {@code (B, C, H, W)}
     * @param training whether autograd records the call
     */
    NDArray apply(NDArray x, boolean training) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long length = shape.size() / batch / groups;
        NDArray[] affine = identityAffine(length);
        NDArray grouped = x.reshape(batch, groups, length);
        NDArray normalized = grouped.getNDArrayInternal()
                .layerNorm(grouped, new Shape(length), affine[0], affine[1], EPS).head();
        NDArray result = normalized.reshape(shape);
        if (training) {
            return result.mul(weight.getArray().reshape(1, channels, 1, 1))
                    .add(bias.getArray().reshape(1, channels, 1, 1));
        }
        return result.muli(scale()).addi(shift());
    }

    private NDArray scale() {
        NDArray cached = weight4;
        if (cached == null) {
            synchronized (this) {
                cached = weight4;
                if (cached == null) {
                    cached = detached(() -> weight.getArray().reshape(1, channels, 1, 1));
                    weight4 = cached;
                }
            }
        }
        return cached;
    }

    private NDArray shift() {
        NDArray cached = bias4;
        if (cached == null) {
            synchronized (this) {
                cached = bias4;
                if (cached == null) {
                    cached = detached(() -> bias.getArray().reshape(1, channels, 1, 1));
                    bias4 = cached;
                }
            }
        }
        return cached;
    }

    private NDArray[] identityAffine(long length) {
        return identityAffine.computeIfAbsent(length, n -> {
            NDManager owner = weight.getArray().getManager();
            NDArray ones = detached(() -> owner.ones(new Shape(n)));
            NDArray zeros = detached(() -> owner.zeros(new Shape(n)));
            return new NDArray[] {ones, zeros};
        });
    }

    /** Creates a long-lived array that no per-call {@link NDScope} may close. */
    private static NDArray detached(java.util.function.Supplier<NDArray> factory) {
        NDArray array = factory.get();
        NDScope.unregister(array);
        return array;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
