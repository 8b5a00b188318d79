package io.github.diffviews.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.github.diffviews.generation.GaussianNoise;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network's training mode: the same values as inference, and gradients that agree with
 * finite differences of the loss.
 */
class TrainingModeTest {

    /**
     * One intra-op thread: the check runs hundreds of tiny operators, which two threads only
     * slow down (each waits for the other at every operator, badly so on a busy machine).
     */
    @BeforeAll
    static void oneThread() {
        new PtEngineProvider().get();
        JniUtils.setNumThreads(1);
    }

    /** A small network with every kind of block: resampling, skips, attention, labels. */
    static NetworkConfig tinyConfig() {
        return NetworkConfig.builder().imgResolution(8).imgChannels(1).labelDim(3)
                .modelChannels(16).channelMult(1, 2).channelMultEmb(2).numBlocks(1)
                .attnResolutions(4).channelsPerHead(8).dropout(0).build();
    }

    @Test
    void denoise_trainingMode_matchesInferenceOnGoldenWeights() throws IOException {
        NetworkConfig config = Golden.config();
        Tensor x = Golden.npy("x.npy");
        float[] sigma = toFloats(Golden.npyDoubles("sigma.npy"));
        Tensor labels = Golden.npy("class_labels.npy");

        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            EdmPrecond network = new EdmPrecond(config);
            WeightLoader.load(network, Golden.dir().resolve("model.safetensors"), manager);
            ParameterStore store = new ParameterStore(manager, false);
            Tensor inference = Tensors.toTensor(network.denoise(store,
                    Tensors.toArray(manager, x), sigma, Tensors.toArray(manager, labels),
                    ForwardContext.plain()));
            requireGradients(network);
            JniUtils.setGradMode(true);
            Tensor training;
            try {
                training = Tensors.toTensor(network.denoise(store, Tensors.toArray(manager, x),
                        sigma, Tensors.toArray(manager, labels), ForwardContext.training()));
            } finally {
                JniUtils.setGradMode(false);
            }

            Golden.assertClose("training-mode denoised", Golden.npy("denoised.npy"), training);
            assertTrue(maxDifference(inference, training) <= 1e-5,
                    "training and inference differ by " + maxDifference(inference, training));
        }
    }

    @Test
    void backward_everyParameter_matchesCentralDifferences(@TempDir Path dir)
            throws IOException {
        NetworkConfig config = tinyConfig();
        Path weights = dir.resolve("w.safetensors");
        RandomWeights.write(config, weights, 11);
        GaussianNoise noise = GaussianNoise.seeded(5);
        Tensor x = noise.tensor(2, 1, 8, 8);
        Tensor target = noise.tensor(2, 1, 8, 8);
        float[] sigma = {0.4f, 2.5f};
        Tensor labels = Tensor.of(new float[] {0, 1, 0, 1, 0, 0}, 2, 3);

        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            EdmPrecond network = new EdmPrecond(config);
            WeightLoader.load(network, weights, manager);
            ParameterStore store = new ParameterStore(manager, false);
            requireGradients(network);

            JniUtils.setGradMode(true);
            try {
                NDArray loss = loss(network, store, manager, x, target, sigma, labels);
                scribbleOverFreedBuffers();
                JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
            } finally {
                JniUtils.setGradMode(false);
            }

            int checked = 0;
            for (Map.Entry<String, EdmPrecond.Slot> entry : network.slots().entrySet()) {
                if (entry.getValue().isBuffer()) {
                    continue;
                }
                Parameter parameter = entry.getValue().parameter();
                NDArray value = parameter.getArray();
                float[] gradient = value.getGradient().toFloatArray();
                float[] direction = noise.next(gradient.length);
                double analytic = 0;
                for (int i = 0; i < gradient.length; i++) {
                    analytic += (double) gradient[i] * direction[i];
                }
                double step = 1e-3;
                NDArray delta = manager.create(direction, value.getShape()).mul((float) step);
                value.addi(delta);
                double plus = lossValue(network, store, manager, x, target, sigma, labels);
                value.subi(delta.mul(2f));
                double minus = lossValue(network, store, manager, x, target, sigma, labels);
                value.addi(delta);
                double numeric = (plus - minus) / (2 * step);

                double scale = Math.max(Math.abs(numeric), 1e-2);
                assertTrue(Math.abs(numeric - analytic) <= 2e-2 * scale, String.format(
                        Locale.ROOT, "%s: backward gives %.6g along a random direction, finite "
                                + "differences %.6g", entry.getKey(), analytic, numeric));
                checked++;
            }
            assertEquals(network.slots().values().stream().filter(s -> !s.isBuffer()).count(),
                    checked);
        }
    }

    private static NDArray loss(EdmPrecond network, ParameterStore store, NDManager manager,
            Tensor x, Tensor target, float[] sigma, Tensor labels) {
        NDArray denoised = network.denoise(store, Tensors.toArray(manager, x), sigma,
                Tensors.toArray(manager, labels), ForwardContext.training());
        return denoised.sub(Tensors.toArray(manager, target)).square().sum();
    }

    private static double lossValue(EdmPrecond network, ParameterStore store, NDManager manager,
            Tensor x, Tensor target, float[] sigma, Tensor labels) {
        try (NDManager call = manager.newSubManager()) {
            NDArray denoised = network.denoise(store, Tensors.toArray(call, x), sigma,
                    Tensors.toArray(call, labels), ForwardContext.plain());
            float[] d = denoised.toFloatArray();
            float[] y = target.toFloatArray();
            double sum = 0;
            for (int i = 0; i < d.length; i++) {
                sum += ((double) d[i] - y[i]) * ((double) d[i] - y[i]);
            }
            return sum;
        }
    }

    /**
     * Collects garbage, so that the Java buffers of closed arrays are released, then fills many
     * new buffers with NaN: a value autograd saved in memory it does not own would now be NaN.
     */
    private static void scribbleOverFreedBuffers() {
        System.gc();
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(4 + i % 64 * 4)
                    .order(ByteOrder.nativeOrder());
            while (buffer.remaining() >= 4) {
                buffer.putFloat(Float.NaN);
            }
            buffers.add(buffer);
        }
        assertEquals(20_000, buffers.size());
    }

    private static void requireGradients(EdmPrecond network) {
        for (EdmPrecond.Slot slot : network.slots().values()) {
            if (!slot.isBuffer()) {
                slot.parameter().getArray().setRequiresGradient(true);
            }
        }
    }

    private static double maxDifference(Tensor a, Tensor b) {
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            worst = Math.max(worst, Math.abs(a.get(i) - b.get(i)));
        }
        return worst;
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    static Shape shape(int... dims) {
        return Tensors.shape(dims);
    }
}
