package io.github.diffviews.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The residual block of the ADM U-Net as upstream's {@code UNetBlock} with DhariwalUNet's
 * settings (adaptive scale, skip scale 1, ε = 1e-5, resampling filter [1, 1]):
 *
 * <pre>
 * h = conv0(resample(silu(norm0(x))))
 * [scale | shift] = affine(emb)
 * h = conv1(silu(shift + norm1(h) · (scale + 1)))
 * x = h + skip(x)            skip: identity, resample, or 1×1 conv after resample
 * if heads &gt; 0:
 *     qkv = qkv(norm2(x)) viewed as (B·heads, C/heads, 3, H·W): q, k, v interleaved
 *     x = proj(v · softmax_k(qᵀk / √(C/heads))) + x
 * </pre>
 * Down-sampling with the [1, 1] filter is a 2×2 average pool; up-sampling is nearest-neighbour
 * ×2. Both happen before the 3×3 convolution.
 *
 * <p>Inference updates intermediates in place. Training ({@code training = true}) computes the
 * same values out of place, so that every tensor autograd saved for the backward pass stays as
 * it was. Dropout is not implemented (the trainer rejects networks that ask for it).
 */
final class UNetBlock extends AbstractBlock {

    private final int inChannels;
    private final int outChannels;
    private final boolean up;
    private final boolean down;
    private final int heads;
    private final Map<String, Block> modules = new LinkedHashMap<>();

    private final GroupNorm norm0;
    private final Conv2d conv0;
    private final Linear affine;
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Conv2d skip;
    private final GroupNorm norm2;
    private final Conv2d qkv;
    private final Conv2d proj;

    UNetBlock(int inChannels, int outChannels, boolean up, boolean down, int heads) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.up = up;
        this.down = down;
        this.heads = heads;

        norm0 = module("norm0", new GroupNorm(inChannels));
        conv0 = module("conv0", conv(outChannels, 3));
        affine = module("affine", Linear.builder().setUnits(2L * outChannels).build());
        norm1 = module("norm1", new GroupNorm(outChannels));
        conv1 = module("conv1", conv(outChannels, 3));
        skip = inChannels != outChannels ? module("skip", conv(outChannels, 1)) : null;
        if (heads > 0) {
            norm2 = module("norm2", new GroupNorm(outChannels));
            qkv = module("qkv", conv(3 * outChannels, 1));
            proj = module("proj", conv(outChannels, 1));
        } else {
            norm2 = null;
            qkv = null;
            proj = null;
        }
    }

    private <B extends Block> B module(String name, B block) {
        modules.put(name, block);
        return addChildBlock(name, block);
    }

    private static Conv2d conv(int filters, int kernel) {
        int pad = kernel / 2;
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(filters)
                .optPadding(new Shape(pad, pad)).build();
    }

    /** Returns the sub-modules under their upstream attribute names. */
    Map<String, Block> modules() {
        return modules;
    }

    int inChannels() {
        return inChannels;
    }

    int outChannels() {
        return outChannels;
    }

    boolean resamples() {
        return up || down;
    }

    /** Runs the block for inference; the result is attached to the manager of {@code x}. */
    NDArray apply(ParameterStore store, NDArray x, NDArray emb) {
        return apply(store, x, emb, false);
    }

    /**
     * Runs the block; the result is attached to the manager of {@code x}.
     *
     * @param store the parameter store
     * @param x the input, {@code (B, in, H, W)}
     * @param emb the conditioning embedding, {@code (B, emb)}
     * @param training whether autograd records the call (out-of-place operations only)
     */
    NDArray apply(ParameterStore store, NDArray x, NDArray emb, boolean training) {
        NDArray h = conv0.forward(store, new NDList(resample(Ops.silu(norm0.apply(x, training),
                training))), training).head();

        NDArray params = affine.forward(store, new NDList(emb), training).head()
                .reshape(emb.getShape().get(0), 2L * outChannels, 1, 1);
        NDList scaleShift = params.split(2, 1);
        NDArray normalized = norm1.apply(h, training);
        NDArray modulated = training
                ? normalized.mul(scaleShift.get(0).add(1f)).add(scaleShift.get(1))
                : normalized.muli(scaleShift.get(0).add(1f)).addi(scaleShift.get(1));
        h = conv1.forward(store, new NDList(Ops.silu(modulated, training)), training).head();

        NDArray shortcut = resample(x);
        if (skip != null) {
            shortcut = skip.forward(store, new NDList(shortcut), training).head();
        }
        h = training ? h.add(shortcut) : h.addi(shortcut);

        if (heads > 0) {
            NDArray attended = attention(store, h, training);
            h = training ? h.add(attended) : h.addi(attended);
        }
        return h;
    }

    private NDArray attention(ParameterStore store, NDArray x, boolean training) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long pixels = shape.get(2) * shape.get(3);
        long headChannels = outChannels / heads;

        NDArray projected = qkv.forward(store, new NDList(norm2.apply(x, training)), training)
                .head();
        NDList parts = projected.reshape(batch * heads, headChannels, 3, pixels).split(3, 2);
        NDArray q = parts.get(0).squeeze(2);
        NDArray k = Ops.scale(parts.get(1).squeeze(2), (float) (1.0 / Math.sqrt(headChannels)),
                training);
        NDArray v = parts.get(2).squeeze(2);

        NDArray weights = q.transpose(0, 2, 1).matMul(k).softmax(2);
        NDArray attended = v.matMul(weights.transpose(0, 2, 1)).reshape(shape);
        return proj.forward(store, new NDList(attended), training).head();
    }

    private NDArray resample(NDArray x) {
        if (down) {
            return Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false,
                    true);
        }
        if (up) {
            return Ops.upsampleNearest2x(x);
        }
        return x;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        return new NDList(apply(parameterStore, inputs.get(0), inputs.get(1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long factor = up ? 2 : 1;
        long divisor = down ? 2 : 1;
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2) * factor / divisor,
                in.get(3) * factor / divisor)};
    }
}
