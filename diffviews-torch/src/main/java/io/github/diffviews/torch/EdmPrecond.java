package io.github.diffviews.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EDM's preconditioner around the U-Net ({@code EDMPrecond}): with σ_data = s,
 * {@code c_skip = s²/(σ²+s²)}, {@code c_out = σ·s/√(σ²+s²)}, {@code c_in = 1/√(s²+σ²)} and
 * {@code c_noise = ln(σ)/4}, it returns {@code D(x; σ) = c_skip·x + c_out·F(c_in·x, c_noise,
 * labels)}. Its U-Net is the attribute {@code model}, so every parameter name starts with
 * {@code model.}, exactly as in upstream's {@code state_dict()}.
 */
final class EdmPrecond extends AbstractBlock {

    /** Buffers of upstream's state dict that hold the fixed [1, 1] resampling filter. */
    static final String RESAMPLE_FILTER = "resample_filter";

    private final NetworkConfig config;
    private final DhariwalUNet model;

    EdmPrecond(NetworkConfig config) {
        this.config = config;
        this.model = addChildBlock("model", new DhariwalUNet(config));
    }

    NetworkConfig config() {
        return config;
    }

    /**
     * Lists every parameter under its upstream name with the shape upstream gives it, in
     * {@code state_dict()} order, plus the resampling buffers (with a null parameter).
     */
    Map<String, Slot> slots() {
        Map<String, Slot> slots = new LinkedHashMap<>();
        Map<String, LayerCatalog.Layer> layers = new LinkedHashMap<>();
        for (LayerCatalog.Layer layer : LayerCatalog.of(config).layers()) {
            layers.put(layer.key(), layer);
        }
        int emb = config.embChannels();
        for (Map.Entry<String, Block> entry : model.modules().entrySet()) {
            String prefix = "model." + entry.getKey() + ".";
            Block block = entry.getValue();
            LayerCatalog.Layer layer = layers.get(entry.getKey());
            switch (entry.getKey()) {
                case "map_layer0":
                    linear(slots, prefix, block, emb, config.modelChannels());
                    break;
                case "map_layer1":
                    linear(slots, prefix, block, emb, emb);
                    break;
                case "map_label":
                    linear(slots, prefix, block, emb, config.labelDim());
                    break;
                case "out_norm":
                    norm(slots, prefix, block, config.modelChannels() * config.channelMult()
                            .get(0));
                    break;
                case "out_conv":
                    conv(slots, prefix, block, config.imgChannels(),
                            config.modelChannels() * config.channelMult().get(0), 3);
                    break;
                default:
                    if (block instanceof UNetBlock) {
                        unetBlock(slots, prefix, (UNetBlock) block, emb);
                    } else {
                        conv(slots, prefix, block, layer.channels(), layer.inChannels(), 3);
                    }
            }
        }
        return slots;
    }

    /** Adds the slots of one residual block, named {@code prefix + attribute}. */
    static void unetBlock(Map<String, Slot> slots, String prefix, UNetBlock block, int emb) {
        int in = block.inChannels();
        int out = block.outChannels();
        for (Map.Entry<String, Block> sub : block.modules().entrySet()) {
            String name = prefix + sub.getKey() + ".";
            switch (sub.getKey()) {
                case "norm0":
                    norm(slots, name, sub.getValue(), in);
                    break;
                case "conv0":
                    conv(slots, name, sub.getValue(), out, in, 3);
                    if (block.resamples()) {
                        slots.put(name + RESAMPLE_FILTER, Slot.buffer(1, 1, 2, 2));
                    }
                    break;
                case "affine":
                    linear(slots, name, sub.getValue(), 2 * out, emb);
                    break;
                case "norm1":
                case "norm2":
                    norm(slots, name, sub.getValue(), out);
                    break;
                case "conv1":
                    conv(slots, name, sub.getValue(), out, out, 3);
                    break;
                case "proj":
                    conv(slots, name, sub.getValue(), out, out, 1);
                    break;
                case "skip":
                    conv(slots, name, sub.getValue(), out, in, 1);
                    break;
                case "qkv":
                    conv(slots, name, sub.getValue(), 3 * out, out, 1);
                    break;
                default:
                    throw new IllegalStateException("Unknown module " + name);
            }
        }
        if (block.resamples()) {
            slots.put(prefix + "skip." + RESAMPLE_FILTER, Slot.buffer(1, 1, 2, 2));
        }
    }

    private static void linear(Map<String, Slot> slots, String prefix, Block block, int out,
            int in) {
        Linear linear = (Linear) block;
        for (Parameter parameter : linear.getDirectParameters().values()) {
            Shape shape = parameter.getName().equals("weight") ? new Shape(out, in)
                    : new Shape(out);
            slots.put(prefix + parameter.getName(), new Slot(parameter, shape));
        }
    }

    private static void conv(Map<String, Slot> slots, String prefix, Block block, int out, int in,
            int kernel) {
        Conv2d conv = (Conv2d) block;
        for (Parameter parameter : conv.getDirectParameters().values()) {
            Shape shape = parameter.getName().equals("weight")
                    ? new Shape(out, in, kernel, kernel) : new Shape(out);
            slots.put(prefix + parameter.getName(), new Slot(parameter, shape));
        }
    }

    private static void norm(Map<String, Slot> slots, String prefix, Block block, int channels) {
        GroupNorm norm = (GroupNorm) block;
        slots.put(prefix + "weight", new Slot(norm.weight(), new Shape(channels)));
        slots.put(prefix + "bias", new Slot(norm.bias(), new Shape(channels)));
    }

    /**
     * Denoises a batch: {@code D(x; σ, labels)}.
     *
     * @param store the parameter store
     * @param x {@code (B, C, H, W)} on the call's manager
     * @param sigma σ per item, cast to float32 as upstream
     * @param labels {@code (B, label_dim)}, or null (zeros for a conditional network)
     * @param context the call's masks and captures
     * @return {@code D}, attached to the manager of {@code x}
     */
    NDArray denoise(ParameterStore store, NDArray x, float[] sigma, NDArray labels,
            ForwardContext context) {
        NDManager manager = x.getManager();
        int batch = sigma.length;
        double sd = config.sigmaData();
        float[] cSkip = new float[batch];
        float[] cOut = new float[batch];
        float[] cIn = new float[batch];
        float[] cNoise = new float[batch];
        for (int i = 0; i < batch; i++) {
            double s = sigma[i];
            cSkip[i] = (float) (sd * sd / (s * s + sd * sd));
            cOut[i] = (float) (s * sd / Math.sqrt(s * s + sd * sd));
            cIn[i] = (float) (1.0 / Math.sqrt(sd * sd + s * s));
            cNoise[i] = (float) (Math.log(sigma[i]) / 4.0);
        }
        Shape perItem = new Shape(batch, 1, 1, 1);

        NDArray classLabels = labels;
        if (classLabels == null && config.labelDim() > 0) {
            classLabels = manager.zeros(new Shape(batch, config.labelDim()));
        }
        NDArray noiseLabels = manager.create(cNoise);
        NDArray input = x.mul(manager.create(cIn, perItem));
        context.record("noise_labels", noiseLabels);
        context.record("model_input", input);

        NDArray output = model.apply(store, input, noiseLabels, classLabels, context);
        context.record("model_output", output);

        // Arrays made from Java buffers borrow the buffer's memory, which is released when the
        // array is closed; autograd keeps c_out for the backward pass, so both coefficients
        // belong to the caller's manager, not to the scope below.
        NDArray skipCoefficient = manager.create(cSkip, perItem);
        NDArray outCoefficient = manager.create(cOut, perItem);
        try (NDScope scope = new NDScope()) {
            NDArray skipped = x.mul(skipCoefficient);
            NDArray scaled = output.mul(outCoefficient);
            NDArray denoised = context.isTraining() ? skipped.add(scaled) : skipped.addi(scaled);
            NDScope.unregister(denoised);
            scope.suppressNotUsedWarning();
            return denoised;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        float[] sigma = inputs.get(1).toFloatArray();
        NDArray labels = inputs.size() > 2 ? inputs.get(2) : null;
        return new NDList(denoise(parameterStore, x, sigma, labels,
                training ? ForwardContext.training() : ForwardContext.plain()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /**
     * Where one tensor of the weights file goes.
     *
     * @param parameter the block parameter, or null for a fixed buffer
     * @param shape the shape upstream gives it
     */
    record Slot(Parameter parameter, Shape shape) {

        static Slot buffer(long... shape) {
            return new Slot(null, new Shape(shape));
        }

        boolean isBuffer() {
            return parameter == null;
        }
    }
}
