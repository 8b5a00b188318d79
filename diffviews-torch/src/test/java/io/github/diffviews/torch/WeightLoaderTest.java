package io.github.diffviews.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.spi.BackendException;
import io.github.diffviews.tensor.Tensor;
import io.github.diffviews.torch.safetensors.SafetensorsFile;
import io.github.diffviews.torch.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightLoaderTest {

    @TempDir
    Path dir;

    @Test
    void open_missingUnexpectedAndMisshapedTensors_listsThemAllWithShapes() throws IOException {
        Map<String, Tensor> tensors = goldenTensors();
        tensors.remove("model.map_label.weight");
        tensors.put("model.map_augment.weight", Tensor.zeros(128, 9));
        tensors.put("model.out_conv.bias", Tensor.zeros(4));
        Path file = dir.resolve("broken.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> new PtEngineProvider().get().open(Golden.config(), file,
                        EngineOptions.defaults()));

        String message = error.getMessage();
        assertTrue(message.startsWith(file.toString()), message);
        assertTrue(message.contains("3 problems"), message);
        assertTrue(message.contains("missing 1: model.map_label.weight (128, 10)"), message);
        assertTrue(message.contains("unexpected 1: model.map_augment.weight (128, 9)"), message);
        assertTrue(message.contains("model.out_conv.bias is (4), expected (3)"), message);
    }

    @Test
    void open_otherResampleFilter_isRejected() throws IOException {
        Map<String, Tensor> tensors = goldenTensors();
        tensors.put("model.enc.8x8_down.conv0.resample_filter",
                Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 1, 1, 2, 2));
        Path file = dir.resolve("filter.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> new PtEngineProvider().get().open(Golden.config(), file,
                        EngineOptions.defaults()));

        assertTrue(error.getMessage().contains("resample_filter"), error.getMessage());
    }

    @Test
    void randomWeights_anyConfig_loadAndDenoise() throws IOException {
        NetworkConfig config = NetworkConfig.builder().imgResolution(8).imgChannels(1)
                .labelDim(0).modelChannels(16).channelMult(1, 2).numBlocks(1)
                .attnResolutions(4).channelsPerHead(8).build();
        Path file = dir.resolve("random.safetensors");
        RandomWeights.write(config, file, 7);

        try (Denoiser denoiser = EngineProvider.engine("pytorch").open(config, file,
                EngineOptions.defaults())) {
            Tensor denoised = denoiser.denoise(DenoiseRequest.builder(Tensor.full(0.5f, 2, 1, 8,
                    8)).sigma(2.0).capture("midblock").build()).denoised();

            assertEquals(0, denoised.countNonFinite());
            assertEquals(4, denoiser.layers().resolve("midblock").attentionHeads());
        }
    }

    @Test
    void open_gpuOnCpuBuild_failsNamingTheDevice() {
        BackendException error = assertThrows(BackendException.class,
                () -> new PtEngineProvider().get().open(Golden.config(),
                        Golden.dir().resolve("model.safetensors"), EngineOptions.of("gpu:3", 0)));

        assertTrue(error.getMessage().contains("gpu:3"), error.getMessage());
    }

    @Test
    void denoise_afterClose_throwsIllegalState() throws IOException {
        Denoiser denoiser = new PtEngineProvider().get().open(Golden.config(),
                Golden.dir().resolve("model.safetensors"), EngineOptions.defaults());
        denoiser.close();

        assertThrows(IllegalStateException.class, () -> denoiser.denoise(
                DenoiseRequest.builder(Tensor.zeros(1, 3, 16, 16)).sigma(1).build()));
    }

    @Test
    void defaultEngine_isPytorch() {
        assertEquals("pytorch", EngineProvider.defaultEngine().name());
    }

    private static Map<String, Tensor> goldenTensors() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (SafetensorsFile file = SafetensorsFile.open(
                Golden.dir().resolve("model.safetensors"))) {
            for (String name : file.entries().keySet()) {
                tensors.put(name, file.read(name));
            }
        }
        return tensors;
    }
}
