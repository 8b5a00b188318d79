package io.github.diffviews.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

    private static final Path DIR = Path.of("out");

    @Test
    void builder_defaults_areEdms() {
        TrainingOptions options = TrainingOptions.builder(DIR).build();

        assertEquals(64, options.batchSize());
        assertEquals(-1.2, options.pMean());
        assertEquals(1.2, options.pStd());
        assertEquals(0.5, options.sigmaData());
        assertEquals(500_000, options.emaHalfLifeImages());
        assertEquals(0.05, options.emaRampUpRatio());
        assertEquals(-1, options.emaDecay());
        assertEquals(false, options.resume());
    }

    @Test
    void learningRateAt_warmup_risesLinearlyThenHolds() {
        TrainingOptions options = TrainingOptions.builder(DIR).steps(100).learningRate(1e-3)
                .warmupSteps(10).build();

        assertEquals(1e-4, options.learningRateAt(0), 1e-12);
        assertEquals(5e-4, options.learningRateAt(4), 1e-12);
        assertEquals(1e-3, options.learningRateAt(9), 1e-12);
        assertEquals(1e-3, options.learningRateAt(50), 1e-12);
        assertEquals(1e-3, TrainingOptions.builder(DIR).learningRate(1e-3).build()
                .learningRateAt(0), 1e-12);
        assertEquals(5e-4, TrainingOptions.builder(DIR).steps(10).learningRate(1e-3)
                .warmupSteps(20).build().learningRateAt(9), 1e-12,
                "a warm-up longer than the run keeps the rate below its peak");
    }

    @Test
    void emaDecayAt_halfLife_halvesAfterHalfLifeImagesWithRampUp() {
        TrainingOptions options = TrainingOptions.builder(DIR).batchSize(100)
                .emaHalfLife(10_000, 0.5).build();

        double late = options.emaDecayAt(1_000_000);
        assertEquals(0.5, Math.pow(late, 10_000 / 100.0), 1e-9,
                "100 steps of 100 images halve the weight of the old average");
        double early = options.emaDecayAt(900);
        assertEquals(Math.pow(0.5, 100 / 500.0), early, 1e-12,
                "after 1000 images the ramp-up caps the half-life at 500 images");
        assertEquals(0.9, TrainingOptions.builder(DIR).emaDecay(0.9).build().emaDecayAt(5),
                0.0);
    }

    @Test
    void builder_outOfRangeValues_areRejectedNamingThem() {
        TrainingOptions.Builder builder = TrainingOptions.builder(DIR);

        assertMessage(() -> builder.steps(0), "steps");
        assertMessage(() -> builder.batchSize(0), "batch size");
        assertMessage(() -> builder.learningRate(0), "learning rate");
        assertMessage(() -> builder.learningRate(Double.NaN), "learning rate");
        assertMessage(() -> builder.warmupSteps(-1), "warm-up");
        assertMessage(() -> builder.emaDecay(1.0), "EMA decay");
        assertMessage(() -> builder.emaHalfLife(0, 0.05), "EMA half-life");
        assertMessage(() -> builder.emaHalfLife(100, -1), "ramp-up");
        assertMessage(() -> builder.sigmaDistribution(Double.NaN, 1), "P_mean");
        assertMessage(() -> builder.sigmaDistribution(-1.2, 0), "P_std");
        assertMessage(() -> builder.sigmaData(-0.5), "sigma_data");
        assertMessage(() -> builder.checkpointInterval(0), "checkpoint interval");
        assertMessage(() -> builder.threads(-1), "threads");
        assertThrows(NullPointerException.class, () -> TrainingOptions.builder(null));
    }

    @Test
    void builder_emaSetTwice_isAnIllegalState() {
        TrainingOptions.Builder builder = TrainingOptions.builder(DIR).emaDecay(0.99);

        assertThrows(IllegalStateException.class, () -> builder.emaHalfLife(1000, 0));
    }

    @Test
    void withSteps_keepsEverythingElse() {
        TrainingOptions options = TrainingOptions.builder(DIR).steps(10).batchSize(8).seed(3)
                .emaDecay(0.5).build();

        TrainingOptions longer = options.withSteps(20).withResume(true);

        assertEquals(20, longer.steps());
        assertEquals(8, longer.batchSize());
        assertEquals(3, longer.seed());
        assertEquals(0.5, longer.emaDecay());
        assertTrue(longer.resume());
        assertEquals(10, options.steps());
    }

    private static void assertMessage(Runnable action, String part) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                action::run);
        assertTrue(error.getMessage().contains(part), error.getMessage());
    }
}
