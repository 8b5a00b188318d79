package io.github.diffviews.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ADM U-Net of EDM ({@code DhariwalUNet}), laid out from a {@link NetworkConfig} by the same
 * rules as the {@link LayerCatalog}: an encoder of a 3×3 input convolution, down-sampling blocks
 * and residual blocks whose every output is pushed as a skip; a decoder that starts with two
 * blocks at the lowest resolution (the first with attention), then per level an up-sampling
 * block and residual blocks that each first concatenate {@code [x, skip]} along channels.
 *
 * <p>Conditioning: the noise label {@code c_noise} is embedded as {@code [cos(c·f), sin(c·f)]}
 * with {@code f_j = 10000^(−j/half)}, then {@code emb = silu(map_layer1(silu(map_layer0(pe))) +
 * map_label(labels))}, which every residual block receives.
 *
 * <p>After each encoder or decoder entry the call's {@link ForwardContext} may replace the output
 * by a mask (so a masked encoder entry also pushes its mask as the skip) and copy it out.
 * Intermediates of each entry are closed as soon as the entry ends; in training autograd keeps
 * its own references to what the backward pass needs, so closing the Java handles is safe there
 * too.
 */
final class DhariwalUNet extends AbstractBlock {

    private final NetworkConfig config;
    private final List<LayerCatalog.Layer> layers;
    private final Map<String, Block> modules = new LinkedHashMap<>();
    private final Map<String, Block> entries = new LinkedHashMap<>();

    private final Linear mapLayer0;
    private final Linear mapLayer1;
    private final Linear mapLabel;
    private final GroupNorm outNorm;
    private final Conv2d outConv;

    DhariwalUNet(NetworkConfig config) {
        this.config = config;
        this.layers = LayerCatalog.of(config).layers();
        int emb = config.embChannels();

        mapLayer0 = module("map_layer0", Linear.builder().setUnits(emb).build());
        mapLayer1 = module("map_layer1", Linear.builder().setUnits(emb).build());
        mapLabel = config.labelDim() > 0
                ? module("map_label", Linear.builder().setUnits(emb).optBias(false).build())
                : null;

        for (LayerCatalog.Layer layer : layers) {
            Block block;
            if (layer.kind() == LayerCatalog.Kind.CONV) {
                block = Conv2d.builder().setKernelShape(new Shape(3, 3))
                        .setFilters(layer.channels()).optPadding(new Shape(1, 1)).build();
            } else {
                block = new UNetBlock(layer.inChannels(), layer.channels(),
                        layer.kind() == LayerCatalog.Kind.UP,
                        layer.kind() == LayerCatalog.Kind.DOWN, layer.attentionHeads());
            }
            entries.put(layer.key(), block);
            module(layer.key(), block);
        }

        int last = config.modelChannels() * config.channelMult().get(0);
        outNorm = module("out_norm", new GroupNorm(last));
        outConv = module("out_conv", Conv2d.builder().setKernelShape(new Shape(3, 3))
                .setFilters(config.imgChannels()).optPadding(new Shape(1, 1)).build());
    }

    private <B extends Block> B module(String name, B block) {
        modules.put(name, block);
        return addChildBlock(name.replace('.', '_'), block);
    }

    /** Returns the sub-modules under their upstream attribute paths ({@code enc.8x8_down}). */
    Map<String, Block> modules() {
        return modules;
    }

    /**
     * Runs the U-Net: {@code F(x_in, c_noise, labels)}.
     *
     * @param store the parameter store
     * @param input {@code c_in · x}, {@code (B, C, H, W)}
     * @param noiseLabels {@code c_noise}, {@code (B)}
     * @param labels {@code (B, label_dim)}, or null for an unconditional network
     * @param context the call's masks and captures
     * @return {@code F}, attached to the manager of {@code input}
     */
    NDArray apply(ParameterStore store, NDArray input, NDArray noiseLabels, NDArray labels,
            ForwardContext context) {
        NDArray emb;
        try (NDScope scope = new NDScope()) {
            emb = embedding(store, noiseLabels, labels, context);
            NDScope.unregister(emb);
            scope.suppressNotUsedWarning();
        }

        boolean training = context.isTraining();
        Deque<NDArray> skips = new ArrayDeque<>();
        NDArray x = input;
        for (LayerCatalog.Layer layer : layers) {
            Block block = entries.get(layer.key());
            NDArray output;
            try (NDScope scope = new NDScope()) {
                NDArray in = x;
                if (!layer.encoder() && layer.inChannels() != x.getShape().get(1)) {
                    in = NDArrays.concat(new NDList(x, skips.pop()), 1);
                }
                if (block instanceof UNetBlock) {
                    output = ((UNetBlock) block).apply(store, in, emb, training);
                } else {
                    output = block.forward(store, new NDList(in), training).head();
                }
                NDScope.unregister(output);
                scope.suppressNotUsedWarning();
            }
            x = context.afterLayer(layer.key(), output);
            if (layer.encoder()) {
                skips.push(x);
            }
        }

        try (NDScope scope = new NDScope()) {
            NDArray result = outConv.forward(store, new NDList(Ops.silu(outNorm.apply(x,
                    training), training)), training).head();
            NDScope.unregister(result);
            scope.suppressNotUsedWarning();
            return result;
        }
    }

    private NDArray embedding(ParameterStore store, NDArray noiseLabels, NDArray labels,
            ForwardContext context) {
        int half = config.modelChannels() / 2;
        float[] frequencies = new float[half];
        for (int j = 0; j < half; j++) {
            frequencies[j] = (float) Math.pow(1.0 / 10000.0, (double) j / half);
        }
        NDArray angles = noiseLabels.reshape(-1, 1)
                .mul(noiseLabels.getManager().create(frequencies).reshape(1, half));
        NDArray positional = NDArrays.concat(new NDList(angles.cos(), angles.sin()), 1);
        context.record("map_noise", positional);

        boolean training = context.isTraining();
        NDArray emb = Ops.silu(mapLayer0.forward(store, new NDList(positional), training).head(),
                training);
        emb = mapLayer1.forward(store, new NDList(emb), training).head();
        if (mapLabel != null) {
            NDArray label = mapLabel.forward(store, new NDList(labels), training).head();
            emb = training ? emb.add(label) : emb.addi(label);
        }
        emb = Ops.silu(emb, training);
        context.record("emb", emb);
        return emb;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray labels = inputs.size() > 2 ? inputs.get(2) : null;
        return new NDList(apply(parameterStore, inputs.get(0), inputs.get(1), labels,
                training ? ForwardContext.training() : ForwardContext.plain()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
