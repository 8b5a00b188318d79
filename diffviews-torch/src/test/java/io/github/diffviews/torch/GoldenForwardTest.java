package io.github.diffviews.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.tensor.Tensor;
import io.github.diffviews.torch.safetensors.SafetensorsFile;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The forward pass against every tensor of {@code shared/golden/edm-tiny-a}. */
class GoldenForwardTest {

    @AfterAll
    static void printWorstErrors() {
        Golden.report();
    }

    private static DenoiseRequest.Builder goldenRequest() {
        return DenoiseRequest.builder(Golden.npy("x.npy"))
                .sigmas(Golden.npyDoubles("sigma.npy"))
                .labels(Golden.npy("class_labels.npy"));
    }

    @Test
    void denoise_goldenInputs_matchesDenoised() {
        DenoiseResult result = Golden.denoiser().denoise(goldenRequest().build());

        Golden.assertClose("denoised", Golden.npy("denoised.npy"), result.denoised());
    }

    @Test
    void denoise_captureEveryBlock_matchesActs() throws IOException {
        JsonNode blocks = new ObjectMapper().readTree(Golden.dir().resolve("blocks.json")
                .toFile());
        DenoiseRequest.Builder request = goldenRequest();
        blocks.forEach(block -> request.capture(block.get("name").asText()));

        DenoiseResult result = Golden.denoiser().denoise(request.build());

        assertEquals(11, result.activations().size());
        for (JsonNode block : blocks) {
            String name = block.get("name").asText();
            Golden.assertClose("acts/" + name, Golden.npy(block.get("file").asText()),
                    result.activation(name));
        }
    }

    @Test
    void denoise_traced_matchesInternals() {
        PtDenoiser.Traced traced = Golden.denoiser().denoiseTraced(goldenRequest().build());

        String[] names = {"noise_labels", "map_noise", "emb", "model_input", "model_output"};
        for (String name : names) {
            Golden.assertClose("internals/" + name, Golden.npy("internals/" + name + ".npy"),
                    traced.internals().get(name));
        }
    }

    @Test
    void denoise_maskMidblock_matchesMaskedDenoised() {
        Tensor mask = Golden.npy("masked_input.npy");

        DenoiseResult result = Golden.denoiser().denoise(goldenRequest()
                .mask("dec.8x8_in0", mask).capture("midblock").build());

        Golden.assertClose("masked_denoised", Golden.npy("masked_denoised.npy"),
                result.denoised());
        assertEquals(mask, result.activation("midblock"), "a masked layer captures its mask");
    }

    @Test
    void denoise_originalNames_captureTheSameTensorsAsUpstreamKeys() {
        DenoiseResult result = Golden.denoiser().denoise(goldenRequest()
                .capture("encoder_bottleneck", "enc.8x8_block0", "decoder_block_4").build());

        assertEquals(result.activation("enc.8x8_block0"),
                result.activation("encoder_bottleneck"));
        Golden.assertClose("acts/dec.16x16_up (as decoder_block_4)",
                Golden.npy("acts/dec.16x16_up.npy"), result.activation("decoder_block_4"));
    }

    @Test
    void unetBlock_fourHeads_matchesMultiheadGolden() throws IOException {
        UNetBlock block = new UNetBlock(24, 32, false, false, 4);
        Map<String, EdmPrecond.Slot> slots = new LinkedHashMap<>();
        EdmPrecond.unetBlock(slots, "", block, 16);

        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                SafetensorsFile weights = SafetensorsFile.open(
                        Golden.dir().resolve("extra_multihead_block/block.safetensors"))) {
            assertEquals(weights.entries().keySet(), slots.keySet());
            for (Map.Entry<String, EdmPrecond.Slot> slot : slots.entrySet()) {
                slot.getValue().parameter().setArray(manager.create(
                        weights.readFloats(slot.getKey()), slot.getValue().shape()));
            }
            NDArray x = Tensors.toArray(manager, Golden.npy("extra_multihead_block/x.npy"));
            NDArray emb = Tensors.toArray(manager, Golden.npy("extra_multihead_block/emb.npy"));

            NDArray out = block.apply(new ParameterStore(manager, false), x, emb);

            Golden.assertClose("extra_multihead_block/out",
                    Golden.npy("extra_multihead_block/out.npy"), Tensors.toTensor(out));
        }
    }

    @Test
    void denoise_guidanceOne_equalsPlainCall() {
        DenoiseResult plain = Golden.denoiser().denoise(goldenRequest().build());
        DenoiseResult guided = Golden.denoiser().denoise(goldenRequest().guidance(1.0).build());

        assertEquals(plain.denoised(), guided.denoised());
    }

    @Test
    void denoise_guidance_combinesConditionalAndUnconditionalPasses() {
        Tensor labels = Golden.npy("class_labels.npy");
        DenoiseResult cond = Golden.denoiser().denoise(goldenRequest().capture("midblock")
                .build());
        DenoiseResult uncond = Golden.denoiser().denoise(goldenRequest()
                .labels(Tensor.zeros(labels.shape())).build());

        DenoiseResult guided = Golden.denoiser().denoise(goldenRequest().guidance(3.0)
                .capture("midblock").build());

        float[] expected = new float[cond.denoised().size()];
        for (int i = 0; i < expected.length; i++) {
            float u = uncond.denoised().get(i);
            expected[i] = u + 3.0f * (cond.denoised().get(i) - u);
        }
        Golden.assertClose("guidance 3 = uncond + 3 (cond - uncond)",
                Tensor.of(expected, cond.denoised().shape()), guided.denoised());
        assertEquals(cond.activation("midblock"), guided.activation("midblock"),
                "captures come from the conditional pass");
    }

    @Test
    void denoise_wrongMaskShapeOrUnknownLayer_failsNamingThem() {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Golden.denoiser().denoise(goldenRequest()
                        .mask("midblock", Tensor.zeros(1, 32, 8, 8)).build()));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Golden.denoiser().denoise(goldenRequest().capture("enc.8x8_block1")
                        .build()));
        IllegalArgumentException image = assertThrows(IllegalArgumentException.class,
                () -> Golden.denoiser().denoise(DenoiseRequest.builder(Tensor.zeros(1, 3, 8, 8))
                        .sigma(1).build()));

        assertTrue(shape.getMessage().contains("[1, 64, 8, 8]"), shape.getMessage());
        assertTrue(unknown.getMessage().contains("enc.8x8_block1"), unknown.getMessage());
        assertTrue(image.getMessage().contains("[1, 3, 16, 16]"), image.getMessage());
    }

    @Test
    void assertClose_wrongLayerOrLooseTolerance_failsLoudly() {
        Tensor reference = Golden.npy("acts/dec.8x8_in0.npy");
        DenoiseResult result = Golden.denoiser().denoise(goldenRequest().capture("dec.8x8_in1")
                .build());

        assertThrows(AssertionError.class, () -> Golden.assertClose("wrong layer", reference,
                result.activation("dec.8x8_in1")));
        float[] nudged = reference.toFloatArray();
        nudged[7] += 1e-3f * reference.maxAbs();
        assertThrows(AssertionError.class, () -> Golden.assertClose("nudged by 1e-3",
                reference, Tensor.of(nudged, reference.shape())));
    }
}
