package io.github.diffviews.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.data.UnknownLayerException;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DenoiseRequestTest {

    private static final NetworkConfig TINY = NetworkConfig.builder().imgResolution(16)
            .imgChannels(3).labelDim(10).modelChannels(32).channelMult(1, 2).numBlocks(1)
            .attnResolutions(8).build();
    private static final LayerCatalog LAYERS = LayerCatalog.of(TINY);

    private static DenoiseRequest.Builder batchOf(int batch) {
        return DenoiseRequest.builder(Tensor.zeros(batch, 3, 16, 16));
    }

    @Test
    void sigmas_oneValue_isBroadcastOverTheBatch() {
        DenoiseRequest request = batchOf(3).sigma(2.5).build();

        assertArrayEquals(new double[] {2.5, 2.5, 2.5}, request.sigmas());
    }

    @Test
    void sigmas_invalidValues_areRejectedNamingTheValue() {
        assertMessage("σ[1] = NaN", () -> batchOf(2).sigmas(1, Double.NaN));
        assertMessage("σ[0] = 0.0", () -> batchOf(1).sigma(0));
        assertMessage("σ[0] = -1.0", () -> batchOf(1).sigma(-1));
        assertMessage("σ[0] = Infinity", () -> batchOf(1).sigma(Double.POSITIVE_INFINITY));
        assertMessage("σ has 2 values, expected 3", () -> batchOf(3).sigmas(1, 2));
        assertThrows(IllegalStateException.class, () -> batchOf(1).build());
    }

    @Test
    void builder_badImageOrLabels_areRejected() {
        assertMessage("expected a non-empty (B, C, H, W)",
                () -> DenoiseRequest.builder(Tensor.zeros(3, 16, 16)));
        assertMessage("NaN", () -> DenoiseRequest.builder(Tensor.full(Float.NaN, 1, 3, 2, 2)));
        assertMessage("Class labels have shape [2, 10]", () -> batchOf(1)
                .labels(Tensor.zeros(2, 10)));
    }

    @Test
    void mask_threeDimensional_isTakenAsBatchOne() {
        DenoiseRequest request = batchOf(2).sigma(1).mask("midblock", Tensor.zeros(64, 8, 8))
                .build();

        assertArrayEquals(new int[] {1, 64, 8, 8}, request.masks().get("midblock").shape());
        request.validate(TINY, LAYERS);
    }

    @Test
    void mask_twiceOrNaN_isRejected() {
        assertMessage("masked twice", () -> batchOf(1).mask("midblock", Tensor.zeros(64, 8, 8))
                .mask("midblock", Tensor.zeros(64, 8, 8)));
        assertMessage("NaN", () -> batchOf(1).mask("midblock",
                Tensor.full(Float.NaN, 64, 8, 8)));
    }

    @Test
    void validate_wrongShapesAgainstTheNetwork_nameTheExpectedShape() {
        assertMessage("expected [1, 3, 16, 16]", () -> DenoiseRequest.builder(
                Tensor.zeros(1, 3, 32, 32)).sigma(1).build().validate(TINY, LAYERS));
        assertMessage("expected [2, 10]", () -> batchOf(2).sigma(1)
                .labels(Tensor.zeros(2, 9)).build().validate(TINY, LAYERS));
        assertMessage("expected [1, 64, 8, 8] or [3, 64, 8, 8]", () -> batchOf(3).sigma(1)
                .mask("dec.8x8_in0", Tensor.zeros(2, 64, 8, 8)).build().validate(TINY, LAYERS));
    }

    @Test
    void validate_fullBatchMask_isAccepted() {
        batchOf(3).sigma(1).mask("dec.8x8_in0", Tensor.zeros(3, 64, 8, 8)).build()
                .validate(TINY, LAYERS);
    }

    @Test
    void validate_unknownCaptureOrMask_throwsUnknownLayer() {
        assertThrows(UnknownLayerException.class, () -> batchOf(1).sigma(1)
                .capture("enc.4x4_block0").build().validate(TINY, LAYERS));
        assertThrows(UnknownLayerException.class, () -> batchOf(1).sigma(1)
                .mask("bottleneck", Tensor.zeros(64, 8, 8)).build().validate(TINY, LAYERS));
    }

    @Test
    void guidance_nonFiniteOrOnUnconditionalNetwork_isRejected() {
        NetworkConfig unconditional = NetworkConfig.builder().imgResolution(16).imgChannels(3)
                .modelChannels(32).channelMult(1, 2).numBlocks(1).attnResolutions(8).build();

        assertMessage("Guidance scale = NaN", () -> batchOf(1).guidance(Double.NaN));
        assertMessage("label_dim is 0", () -> batchOf(1).sigma(1).guidance(2).build()
                .validate(unconditional, LayerCatalog.of(unconditional)));
    }

    @Test
    void result_unknownCapture_namesWhatWasCaptured() {
        DenoiseResult result = new DenoiseResult(Tensor.zeros(1, 3, 2, 2),
                java.util.Map.of("midblock", Tensor.zeros(1, 1, 1, 1)));

        assertMessage("captured: [midblock]", () -> result.activation("encoder_bottleneck"));
        assertEquals(List.of("midblock"), List.copyOf(result.activations().keySet()));
    }

    private static void assertMessage(String expected, Runnable action) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                action::run);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}
