package io.github.diffviews.generation;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A denoiser without a network: {@code D(x; σ)} is a given function, every request is recorded,
 * and a captured layer holds {@code σ + item} everywhere, or its mask when masked. Public for
 * the tests of other packages that need a generation.
 */
public final class FakeDenoiser implements Denoiser {

    public static final NetworkConfig CONFIG = NetworkConfig.builder().imgResolution(16)
            .imgChannels(3).labelDim(10).modelChannels(32).channelMult(1, 2).numBlocks(1)
            .attnResolutions(8).build();

    private final LayerCatalog layers = LayerCatalog.of(CONFIG);
    private final BiFunction<Tensor, Double, Tensor> function;
    private final List<DenoiseRequest> calls = Collections.synchronizedList(new ArrayList<>());

    FakeDenoiser(BiFunction<Tensor, Double, Tensor> function) {
        this.function = function;
    }

    /** {@code D(x; σ) = x / (1 + σ²)}. */
    public static FakeDenoiser shrinking() {
        return new FakeDenoiser((x, sigma) -> {
            float[] values = x.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (values[i] / (1 + sigma * sigma));
            }
            return Tensor.wrap(values, x.shape());
        });
    }

    /** {@code D = 0}. */
    static FakeDenoiser zero() {
        return new FakeDenoiser((x, sigma) -> Tensor.zeros(x.shape()));
    }

    List<DenoiseRequest> calls() {
        return calls;
    }

    @Override
    public NetworkConfig config() {
        return CONFIG;
    }

    @Override
    public LayerCatalog layers() {
        return layers;
    }

    @Override
    public DenoiseResult denoise(DenoiseRequest request) {
        request.validate(CONFIG, layers);
        calls.add(request);
        double sigma = request.sigmas()[0];
        Map<String, Tensor> activations = new LinkedHashMap<>();
        for (String name : request.captures()) {
            LayerCatalog.Layer layer = layers.resolve(name);
            Tensor mask = maskOf(request, layer);
            int batch = request.batchSize();
            float[] values = new float[batch * layer.size()];
            for (int item = 0; item < batch; item++) {
                for (int j = 0; j < layer.size(); j++) {
                    values[item * layer.size() + j] = mask != null
                            ? mask.get((mask.dim(0) == 1 ? 0 : item) * layer.size() + j)
                            : (float) (sigma + item);
                }
            }
            activations.put(name, Tensor.wrap(values, batch, layer.channels(), layer.height(),
                    layer.width()));
        }
        return new DenoiseResult(function.apply(request.x(), sigma), activations);
    }

    private Tensor maskOf(DenoiseRequest request, LayerCatalog.Layer layer) {
        for (Map.Entry<String, Tensor> mask : request.masks().entrySet()) {
            if (layers.resolve(mask.getKey()).equals(layer)) {
                return mask.getValue();
            }
        }
        return null;
    }

    @Override
    public void close() {
    }
}
