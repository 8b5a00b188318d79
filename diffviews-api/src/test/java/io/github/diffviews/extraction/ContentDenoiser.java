package io.github.diffviews.extraction;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A denoiser without a network whose captured activations depend on its input: value j of a
 * layer is the mean input pixel times (j + 1), plus the class index and σ, so the rows of
 * different images, classes and noise levels differ and can be checked by hand.
 */
final class ContentDenoiser implements Denoiser {

    static final NetworkConfig CONFIG = NetworkConfig.builder().imgResolution(16).imgChannels(1)
            .labelDim(10).modelChannels(32).channelMult(1, 2).numBlocks(1).attnResolutions(8)
            .build();

    private final LayerCatalog layers = LayerCatalog.of(CONFIG);
    final AtomicInteger calls = new AtomicInteger();

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
        calls.incrementAndGet();
        int batch = request.batchSize();
        int itemSize = request.x().size() / batch;
        Map<String, Tensor> activations = new LinkedHashMap<>();
        for (String name : request.captures()) {
            LayerCatalog.Layer layer = layers.resolve(name);
            float[] values = new float[batch * layer.size()];
            for (int item = 0; item < batch; item++) {
                double mean = 0;
                for (int j = 0; j < itemSize; j++) {
                    mean += request.x().get(item * itemSize + j);
                }
                mean /= itemSize;
                int classId = -1;
                for (int c = 0; c < CONFIG.labelDim(); c++) {
                    if (request.labels().get(item * CONFIG.labelDim() + c) == 1f) {
                        classId = c;
                    }
                }
                for (int j = 0; j < layer.size(); j++) {
                    values[item * layer.size() + j] = (float) (mean * (j + 1) + classId
                            + request.sigmas()[item]);
                }
            }
            activations.put(name, Tensor.wrap(values, batch, layer.channels(), layer.height(),
                    layer.width()));
        }
        return new DenoiseResult(request.x(), activations);
    }

    @Override
    public void close() {
    }
}
