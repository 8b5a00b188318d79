package io.github.diffviews.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.data.UnknownLayerException;
import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MultistepGeneratorTest {

    private static final Tensor MIDBLOCK_MASK = Tensor.full(0.5f, 1, 64, 8, 8);

    @Test
    void generate_singleStepWithClass_callsOnceWithOneHotLabel() {
        FakeDenoiser denoiser = FakeDenoiser.shrinking();

        Generation generation = MultistepGenerator.builder().steps(1).classLabel(7).seed(1)
                .build().generate(denoiser);

        assertEquals(1, denoiser.calls().size());
        DenoiseRequest call = denoiser.calls().get(0);
        assertArrayEquals(new int[] {1, 3, 16, 16}, call.x().shape());
        assertEquals(1f, call.labels().get(7));
        assertEquals(1f, sum(call.labels()));
        assertArrayEquals(new int[] {7}, generation.classes());
        assertEquals(80.0, call.sigmas()[0]);
        assertEquals(1, generation.frames().size());
        assertEquals(16, generation.images().height());
    }

    @Test
    void generate_classZero_isTheClassNotRandom() {
        for (long seed = 0; seed < 5; seed++) {
            FakeDenoiser denoiser = FakeDenoiser.shrinking();

            Generation generation = MultistepGenerator.builder().steps(1).classLabel(0)
                    .seed(seed).build().generate(denoiser);

            assertArrayEquals(new int[] {0}, generation.classes());
            assertEquals(1f, denoiser.calls().get(0).labels().get(0));
        }
    }

    @Test
    void generate_batchWithClass_labelsEveryImageTheSame() {
        FakeDenoiser denoiser = FakeDenoiser.shrinking();

        Generation generation = MultistepGenerator.builder().steps(2).batchSize(4)
                .classLabel(3).seed(2).build().generate(denoiser);

        assertArrayEquals(new int[] {3, 3, 3, 3}, generation.classes());
        Tensor labels = denoiser.calls().get(0).labels();
        assertArrayEquals(new int[] {4, 10}, labels.shape());
        for (int item = 0; item < 4; item++) {
            assertEquals(1f, labels.get(item * 10 + 3));
        }
        assertEquals(4, generation.images().size());
    }

    @Test
    void generate_randomClass_isInRangeAndFollowsTheSeed() {
        Set<Integer> seen = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            int[] first = MultistepGenerator.builder().steps(1).seed(seed).build()
                    .generate(FakeDenoiser.shrinking()).classes();
            int[] again = MultistepGenerator.builder().steps(1).seed(seed).build()
                    .generate(FakeDenoiser.shrinking()).classes();

            assertArrayEquals(first, again);
            assertTrue(first[0] >= 0 && first[0] < 10);
            seen.add(first[0]);
        }
        assertTrue(seen.size() > 3, "random classes vary with the seed: " + seen);
    }

    @Test
    void generate_noClass_usesTheUniformLabel() {
        FakeDenoiser denoiser = FakeDenoiser.shrinking();

        Generation generation = MultistepGenerator.builder().steps(1).noClass().seed(3)
                .build().generate(denoiser);

        assertArrayEquals(new int[] {-1}, generation.classes());
        Tensor labels = denoiser.calls().get(0).labels();
        for (int i = 0; i < 10; i++) {
            assertEquals(0.1f, labels.get(i), 1e-7);
        }
    }

    @Test
    void generate_samplers_makeTheirNumberOfNetworkCalls() {
        for (Sampler sampler : Sampler.values()) {
            FakeDenoiser denoiser = FakeDenoiser.shrinking();

            Generation generation = MultistepGenerator.builder().steps(4).sampler(sampler)
                    .seed(4).build().generate(denoiser);

            int expected = sampler == Sampler.HEUN ? 7 : 4;
            assertEquals(expected, denoiser.calls().size(), sampler.name());
            assertEquals(4, generation.frames().size());
            assertEquals(4, generation.trajectory().size());
            assertEquals(sampler == Sampler.X0_RENOISE ? 4 : 5, generation.sigmas().length);
        }
    }

    @Test
    void generate_zeroPrediction_odeSamplersScaleTheNoiseAlongTheSchedule() {
        for (Sampler sampler : new Sampler[] {Sampler.EULER, Sampler.HEUN}) {
            MultistepGenerator generator = MultistepGenerator.builder().steps(3)
                    .sampler(sampler).noiseMode(NoiseMode.FIXED).seed(5).build();

            Generation generation = generator.generate(FakeDenoiser.zero());

            Tensor epsilon = GaussianNoise.seeded(5).tensor(1, 3, 16, 16);
            double[] sigmas = generator.schedule();
            for (int i = 0; i < 3; i++) {
                Tensor input = generation.frames().get(i).noisedInput();
                for (int j = 0; j < input.size(); j += 97) {
                    assertEquals(epsilon.get(j) * sigmas[i], input.get(j),
                            1e-5 * Math.abs(epsilon.get(j) * sigmas[i]) + 1e-6, sampler + "@" + i);
                }
            }
            assertTrue(generation.result().maxAbs() < 1e-12, "D = 0 ends at 0");
        }
    }

    @Test
    void generate_x0Renoise_renoisesEachPredictionToTheNextSigma() {
        MultistepGenerator generator = MultistepGenerator.builder().schedule(10, 2, 0.5)
                .noiseMode(NoiseMode.FIXED).seed(6).build();

        Generation generation = generator.generate(FakeDenoiser.shrinking());

        GaussianNoise noise = GaussianNoise.seeded(6);
        Tensor initial = noise.tensor(1, 3, 16, 16);
        Tensor firstStepNoise = noise.tensor(1, 3, 16, 16);
        Tensor x1 = generation.frames().get(1).noisedInput();
        Tensor x0 = generation.frames().get(0).prediction();
        for (int j = 0; j < x1.size(); j += 41) {
            assertEquals(initial.get(j) * 10f,
                    generation.frames().get(0).noisedInput().get(j), 1e-4);
            assertEquals(x0.get(j) + 2 * firstStepNoise.get(j), x1.get(j), 1e-5);
        }
        assertEquals(generation.frames().get(2).prediction(), generation.result());
    }

    @Test
    void generate_maskSteps_masksOnlyTheLeadingSteps() {
        ActivationMasker masker = ActivationMasker.of(Map.of("midblock", MIDBLOCK_MASK), 2);
        FakeDenoiser denoiser = FakeDenoiser.shrinking();

        MultistepGenerator.builder().steps(4).masker(masker).seed(7).build().generate(denoiser);

        List<Boolean> masked = new ArrayList<>();
        denoiser.calls().forEach(call -> masked.add(!call.masks().isEmpty()));
        assertEquals(List.of(true, true, false, false), masked);
    }

    @Test
    void generate_heunMaskedStep_masksBothCallsOfTheStep() {
        ActivationMasker masker = ActivationMasker.of(Map.of("midblock", MIDBLOCK_MASK), 1);
        FakeDenoiser denoiser = FakeDenoiser.shrinking();

        MultistepGenerator.builder().steps(3).sampler(Sampler.HEUN).masker(masker).seed(7)
                .build().generate(denoiser);

        List<Boolean> masked = new ArrayList<>();
        denoiser.calls().forEach(call -> masked.add(!call.masks().isEmpty()));
        assertEquals(List.of(true, true, false, false, false), masked);
    }

    @Test
    void generate_maskStepsZero_masksNothing() {
        ActivationMasker masker = ActivationMasker.of(Map.of("midblock", MIDBLOCK_MASK), 3);
        FakeDenoiser denoiser = FakeDenoiser.shrinking();

        MultistepGenerator.builder().steps(3).masker(masker).maskSteps(0).seed(7).build()
                .generate(denoiser);

        assertTrue(denoiser.calls().stream().allMatch(call -> call.masks().isEmpty()));
    }

    @Test
    void build_maskStepsBeyondSteps_isRejected() {
        ActivationMasker masker = ActivationMasker.of(Map.of("midblock", MIDBLOCK_MASK), 5);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> MultistepGenerator.builder().steps(4).masker(masker).build());

        assertTrue(error.getMessage().contains("Mask steps = 5"), error.getMessage());
    }

    @Test
    void generate_maskedCapture_recordsTheMaskAtMaskedSteps() {
        ActivationMasker masker = ActivationMasker.of(Map.of("midblock", MIDBLOCK_MASK), 1);

        Generation generation = MultistepGenerator.builder().steps(2).masker(masker)
                .capture("midblock").seed(8).build().generate(FakeDenoiser.shrinking());

        assertEquals(0.5f, generation.trajectory().get(0)[0][100]);
        assertEquals((float) generation.sigmas()[1], generation.trajectory().get(1)[0][100]);
    }

    @Test
    void generate_zeroMode_startsFromZeroAndFeedsPredictionsBack() {
        FakeDenoiser denoiser = FakeDenoiser.shrinking();

        Generation generation = MultistepGenerator.builder().steps(3)
                .noiseMode(NoiseMode.ZERO).build().generate(denoiser);

        assertEquals(0f, denoiser.calls().get(0).x().maxAbs());
        assertEquals(generation.frames().get(0).prediction(),
                generation.frames().get(1).noisedInput());
    }

    @Test
    void generate_fixedMode_isReproducibleIncludingInitialNoise() {
        MultistepGenerator generator = MultistepGenerator.builder().steps(3)
                .noiseMode(NoiseMode.FIXED).build();
        FakeDenoiser first = FakeDenoiser.shrinking();
        FakeDenoiser second = FakeDenoiser.shrinking();

        Generation a = generator.generate(first);
        Generation b = generator.generate(second);

        assertEquals(MultistepGenerator.DEFAULT_FIXED_SEED, a.seed());
        assertEquals(first.calls().get(0).x(), second.calls().get(0).x());
        assertEquals(a.result(), b.result());
        Generation other = MultistepGenerator.builder().steps(3).noiseMode(NoiseMode.FIXED)
                .seed(43).build().generate(FakeDenoiser.shrinking());
        assertNotEquals(a.result(), other.result());
    }

    @Test
    void generate_stochasticWithoutSeed_differsButReportsAReproducibleSeed() {
        MultistepGenerator generator = MultistepGenerator.builder().steps(2).build();

        Generation a = generator.generate(FakeDenoiser.shrinking());
        Generation b = generator.generate(FakeDenoiser.shrinking());
        Generation replay = MultistepGenerator.builder().steps(2).seed(a.seed()).build()
                .generate(FakeDenoiser.shrinking());

        assertNotEquals(a.result(), b.result());
        assertEquals(a.result(), replay.result());
    }

    @Test
    void generate_guidance_isPassedToEveryCall() {
        FakeDenoiser denoiser = FakeDenoiser.shrinking();

        MultistepGenerator.builder().steps(2).guidance(2.5).seed(9).build().generate(denoiser);

        assertTrue(denoiser.calls().stream().allMatch(call -> call.guidance() == 2.5));
    }

    @Test
    void generate_captures_flattenLayersInSortedOrderAndProject() {
        List<GenerationStep> seen = new ArrayList<>();

        Generation generation = MultistepGenerator.builder().steps(3).batchSize(2)
                .capture("midblock", "encoder_bottleneck").seed(10)
                .projector(row -> new float[] {row[0], row[row.length - 1]})
                .listener(seen::add).build().generate(FakeDenoiser.shrinking());

        assertEquals(3, seen.size());
        float[][] rows = generation.trajectory().get(0);
        assertEquals(2, rows.length);
        assertEquals(2 * 64 * 8 * 8, rows[0].length);
        assertEquals(80f, rows[0][0]);
        assertEquals(81f, rows[1][0]);
        float[][] points = generation.trajectoryPoints().get(2);
        float expected = (float) generation.sigmas()[2] + 1;
        assertArrayEquals(new float[] {expected, expected}, points[1]);
        for (int i = 0; i < 3; i++) {
            assertEquals(i, seen.get(i).index());
            assertEquals(NoiseLevels.toNoiseLevel(seen.get(i).sigma()), seen.get(i).noiseLevel());
        }
        assertEquals(100.0, seen.get(0).noiseLevel(), 1e-9);
    }

    @Test
    void generate_failingListener_doesNotStopTheGeneration() {
        Generation generation = MultistepGenerator.builder().steps(3).seed(11)
                .listener(step -> {
                    throw new IllegalStateException("listener bug");
                }).build().generate(FakeDenoiser.shrinking());

        assertEquals(3, generation.frames().size());
    }

    @Test
    void generate_cancelled_stopsBeforeTheNextCall() {
        CancellationToken token = CancellationToken.create();
        FakeDenoiser denoiser = FakeDenoiser.shrinking();
        MultistepGenerator generator = MultistepGenerator.builder().steps(5).seed(12)
                .cancellation(token).listener(step -> {
                    if (step.index() == 1) {
                        token.cancel();
                    }
                }).build();

        assertThrows(CancellationException.class, () -> generator.generate(denoiser));
        assertEquals(2, denoiser.calls().size());
    }

    @Test
    void generate_layersOrClassNotInTheNetwork_areRejected() {
        assertThrows(UnknownLayerException.class, () -> MultistepGenerator.builder()
                .capture("decoder_block_99").build().generate(FakeDenoiser.shrinking()));
        IllegalArgumentException mask = assertThrows(IllegalArgumentException.class,
                () -> MultistepGenerator.builder().masker(ActivationMasker.of(
                        Map.of("midblock", Tensor.zeros(1, 32, 8, 8)), 1)).build()
                        .generate(FakeDenoiser.shrinking()));
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> MultistepGenerator.builder().classLabel(10).build()
                        .generate(FakeDenoiser.shrinking()));

        assertTrue(mask.getMessage().contains("[1, 64, 8, 8]"), mask.getMessage());
        assertTrue(label.getMessage().contains("Class 10"), label.getMessage());
    }

    @Test
    void builder_impossibleSettings_areRejectedWithTheValue() {
        assertMessage("σ range 80.0 → 0.0", () -> MultistepGenerator.builder()
                .sigmaRange(80, 0));
        assertMessage("σ range 1.0 → 2.0", () -> MultistepGenerator.builder()
                .sigmaRange(1, 2));
        assertMessage("NaN", () -> MultistepGenerator.builder().sigmaRange(Double.NaN, 1));
        assertMessage("steps = 0", () -> MultistepGenerator.builder().steps(0));
        assertMessage("Noise level range 120", () -> MultistepGenerator.builder()
                .noiseLevelRange(120, 0));
        assertMessage("ρ = 0", () -> MultistepGenerator.builder().rho(0));
        assertMessage("Guidance scale = NaN", () -> MultistepGenerator.builder()
                .guidance(Double.NaN));
        assertMessage("Batch size = 0", () -> MultistepGenerator.builder().batchSize(0));
        assertMessage("Class -1", () -> MultistepGenerator.builder().classLabel(-1));
        assertMessage("strictly descending", () -> MultistepGenerator.builder()
                .schedule(1, 2));
        assertMessage("projector", () -> MultistepGenerator.builder().projector(row -> row)
                .build());
    }

    @Test
    void noiseLevelRange_isConvertedToSigma() {
        double[] sigmas = MultistepGenerator.builder().steps(5).noiseLevelRange(100, 0.5)
                .build().schedule();

        assertEquals(80.0, sigmas[0], 1e-9);
        assertEquals(NoiseLevels.toSigma(0.5), sigmas[4], 1e-12);
    }

    @Test
    void composite_pastesTheNoisedInputAtAQuarterInTheCorner() {
        Generation generation = MultistepGenerator.builder().steps(1).seed(13).build()
                .generate(FakeDenoiser.zero());
        GenerationStep step = generation.frames().get(0);

        BufferedImage frame = step.composite(0);

        assertEquals(16, frame.getWidth());
        assertEquals(step.predictionImages().toBufferedImage(0).getRGB(10, 10),
                frame.getRGB(10, 10));
        assertEquals(0x7f7f7f, frame.getRGB(0, 0) & 0xffffff, "D = 0 gives gray 127");
        assertNotEquals(0x7f7f7f, frame.getRGB(3, 3) & 0xffffff, "the noised inset");
    }

    @Test
    void toUint8_matchesThePythonConversion() {
        assertEquals(0, ImageBatch.toUint8(-1f));
        assertEquals(255, ImageBatch.toUint8(1f));
        assertEquals(0, ImageBatch.toUint8(-3f));
        assertEquals(255, ImageBatch.toUint8(7f));
        assertEquals(127, ImageBatch.toUint8(0f));
        assertEquals(0, ImageBatch.toUint8(Float.NaN));
        assertEquals(254, ImageBatch.toUint8(0.999f));
    }

    @Property
    void toUint8_isMonotoneAndInRange(@ForAll float a, @ForAll float b) {
        int low = ImageBatch.toUint8(Math.min(a, b));
        int high = ImageBatch.toUint8(Math.max(a, b));

        assertTrue(low >= 0 && high <= 255);
        if (!Float.isNaN(a) && !Float.isNaN(b)) {
            assertTrue(low <= high);
        }
    }

    @Property(tries = 20)
    void generate_fixedSeed_isDeterministicForEverySampler(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int steps,
            @ForAll @IntRange(min = 0, max = 2) int samplerIndex) {
        Sampler sampler = Sampler.values()[samplerIndex];
        MultistepGenerator generator = MultistepGenerator.builder().steps(steps)
                .sampler(sampler).noiseMode(NoiseMode.FIXED).seed(seed).build();

        Generation a = generator.generate(FakeDenoiser.shrinking());
        Generation b = generator.generate(FakeDenoiser.shrinking());

        assertEquals(a.result(), b.result());
        assertArrayEquals(a.classes(), b.classes());
        assertFalse(a.frames().isEmpty());
        assertNull(a.frames().get(0).points());
    }

    private static float sum(Tensor tensor) {
        float sum = 0;
        for (int i = 0; i < tensor.size(); i++) {
            sum += tensor.get(i);
        }
        return sum;
    }

    private static void assertMessage(String expected, Runnable action) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                action::run);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}
