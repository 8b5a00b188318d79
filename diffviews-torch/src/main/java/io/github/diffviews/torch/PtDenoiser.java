package io.github.diffviews.torch;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Denoiser} on DJL's PyTorch engine. The weights live in one manager for the lifetime
 * of the denoiser; each call opens a sub-manager for everything it creates and closes it before
 * returning, and the U-Net closes each layer's intermediates as soon as the layer ends. Calls
 * share nothing mutable, so they run concurrently; {@link #close()} waits for calls in flight.
 */
final class PtDenoiser implements Denoiser {

    private static final Logger LOG = LoggerFactory.getLogger(PtDenoiser.class);

    private final NetworkConfig config;
    private final LayerCatalog catalog;
    private final NDManager manager;
    private final EdmPrecond network;
    private final ParameterStore store;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private PtDenoiser(NetworkConfig config, NDManager manager, EdmPrecond network) {
        this.config = config;
        this.catalog = LayerCatalog.of(config);
        this.manager = manager;
        this.network = network;
        this.store = new ParameterStore(manager, false);
    }

    static PtDenoiser open(NetworkConfig config, Path weights, Device device)
            throws IOException {
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            EdmPrecond network = new EdmPrecond(config);
            WeightLoader.load(network, weights, manager);
            LOG.debug("Opened {} on {} from {}", config, device, weights);
            return new PtDenoiser(config, manager, network);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public NetworkConfig config() {
        return config;
    }

    @Override
    public LayerCatalog layers() {
        return catalog;
    }

    @Override
    public DenoiseResult denoise(DenoiseRequest request) {
        return run(request, false).result();
    }

    /** Runs a call and also returns the preconditioner's intermediate values, for tests. */
    Traced denoiseTraced(DenoiseRequest request) {
        return run(request, true);
    }

    private Traced run(DenoiseRequest request, boolean trace) {
        request.validate(config, catalog);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("Denoiser is closed");
            }
            JniUtils.setGradMode(false);
            try (NDManager call = manager.newSubManager()) {
                return forward(call, request, trace);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Traced forward(NDManager call, DenoiseRequest request, boolean trace) {
        int batch = request.batchSize();
        NDArray x = Tensors.toArray(call, request.x());
        float[] sigma = toFloats(request.sigmas());
        NDArray labels = request.labels() == null ? null
                : Tensors.toArray(call, request.labels());

        Map<String, NDArray> masks = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> mask : request.masks().entrySet()) {
            masks.put(catalog.resolve(mask.getKey()).key(), Tensors.toArray(call,
                    mask.getValue()));
        }
        Map<String, List<String>> captures = new LinkedHashMap<>();
        for (String name : request.captures()) {
            captures.computeIfAbsent(catalog.resolve(name).key(), key -> new ArrayList<>())
                    .add(name);
        }

        ForwardContext conditional = new ForwardContext(masks, captures, trace);
        NDArray denoised = network.denoise(store, x, sigma, labels, conditional);
        if (request.guidance() != 1.0) {
            NDArray zeros = call.zeros(new Shape(batch, config.labelDim()));
            ForwardContext unconditional = new ForwardContext(masks, Map.of(), false);
            NDArray plain = network.denoise(store, x, sigma, zeros, unconditional);
            denoised = plain.add(denoised.sub(plain).muli((float) request.guidance()));
        }
        DenoiseResult result = new DenoiseResult(Tensors.toTensor(denoised),
                conditional.captured());
        return new Traced(result, conditional.internals());
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                manager.close();
                LOG.debug("Closed denoiser of {}", config);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Counts the native arrays the denoiser's manager and its sub-managers hold, for tests. */
    int liveArrays() {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }

    /** A call's result with the preconditioner's intermediates of its conditional pass. */
    record Traced(DenoiseResult result, Map<String, Tensor> internals) {
    }
}
