package io.github.diffviews.torch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.DiffusionEngine;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.spi.BackendException;
import io.github.diffviews.training.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link DiffusionEngine} on DJL's PyTorch engine (libtorch, CPU or CUDA). */
final class PtEngine implements DiffusionEngine {

    private static final Logger LOG = LoggerFactory.getLogger(PtEngine.class);

    private final Engine djl;

    private PtEngine(Engine djl) {
        this.djl = djl;
    }

    /** Starts DJL's PyTorch engine; the native library comes from the class path, offline. */
    static PtEngine start() {
        try {
            Engine djl = Engine.getEngine("PyTorch");
            LOG.debug("Started DJL engine {} {}", djl.getEngineName(), djl.getVersion());
            return new PtEngine(djl);
        } catch (RuntimeException | LinkageError e) {
            throw new BackendException("The PyTorch engine failed to start (is "
                    + "ai.djl.pytorch:pytorch-native-cpu on the class path?): " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String name() {
        return PtEngineProvider.NAME;
    }

    @Override
    public Denoiser open(NetworkConfig config, Path weights, EngineOptions options)
            throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(options, "options");
        Device device = device(options);
        if (options.threads() > 0) {
            JniUtils.setNumThreads(options.threads());
            LOG.debug("PyTorch intra-op threads set to {}", options.threads());
        }
        return PtDenoiser.open(config, weights, device);
    }

    @Override
    public Trainer trainer(NetworkConfig config) {
        return new PtTrainer(config);
    }

    private Device device(EngineOptions options) {
        if (!options.isGpu()) {
            return Device.cpu();
        }
        int index = options.gpuIndex();
        int count = djl.getGpuCount();
        if (index >= count) {
            throw new BackendException("Device '" + options.device() + "' is not available: "
                    + "the PyTorch engine sees " + count + " GPU" + (count == 1 ? "" : "s")
                    + " (a CUDA build of pytorch-native is needed for GPUs)");
        }
        return Device.gpu(index);
    }
}
