package io.github.diffviews.viz.server;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.DiffusionEngine;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An engine whose denoiser waits at a gate before each call, so a test can hold a generation
 * running; it predicts half its input and captures the masks (or zeros). Used only where the
 * test is about the server (the pool being full), not about the network.
 */
final class GatedEngine implements DiffusionEngine {

    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public String name() {
        return "gated-test";
    }

    @Override
    public Denoiser open(NetworkConfig config, Path weights, EngineOptions options) {
        LayerCatalog layers = LayerCatalog.of(config);
        return new Denoiser() {
            @Override
            public NetworkConfig config() {
                return config;
            }

            @Override
            public LayerCatalog layers() {
                return layers;
            }

            @Override
            public DenoiseResult denoise(DenoiseRequest request) {
                entered.countDown();
                try {
                    if (!gate.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("The test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                float[] x = request.x().toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    x[i] *= 0.5f;
                }
                Map<String, Tensor> captures = new LinkedHashMap<>();
                for (String name : request.captures()) {
                    LayerCatalog.Layer layer = layers.resolve(name);
                    Tensor mask = request.masks().get(name);
                    captures.put(name, mask != null ? mask : Tensor.zeros(request.batchSize(),
                            layer.channels(), layer.height(), layer.width()));
                }
                return new DenoiseResult(Tensor.wrap(x, request.x().shape()), captures);
            }

            @Override
            public void close() {
            }
        };
    }
}
