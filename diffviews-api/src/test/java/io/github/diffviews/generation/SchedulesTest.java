package io.github.diffviews.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void karras_fourSteps_descendFromSigmaMax() {
        double[] sigmas = Schedules.karras(4, 80, 0.002, 7);

        assertEquals(4, sigmas.length);
        assertEquals(80.0, sigmas[0], 1e-9);
        for (int i = 1; i < sigmas.length; i++) {
            assertTrue(sigmas[i] < sigmas[i - 1]);
        }
    }

    @Test
    void karras_lengths_areTheStepCount() {
        for (int n : new int[] {1, 4, 10, 20}) {
            assertEquals(n, Schedules.karras(n, 80, 0.5, 7).length);
        }
        assertArrayEquals(new double[] {80.0}, Schedules.karras(1, 80, 0.5, 7));
    }

    @Test
    void karras_phase5Defaults_matchTheReference() {
        double[] sigmas = Schedules.karras(5, 80, 0.5, 7);

        assertArrayEquals(new double[] {80.0, 30.443, 9.921, 2.609, 0.5}, sigmas, 1e-3);
    }

    @Test
    void karras_headDmd2Defaults_matchTheReference() {
        double[] sigmas = Schedules.withTrailingZero(Schedules.karras(5,
                NoiseLevels.toSigma(100), NoiseLevels.toSigma(0.5), 7));

        assertEquals(80.0, sigmas[0], 1e-9);
        assertEquals(17.59, sigmas[1], 0.01);
        assertEquals(2.539, sigmas[2], 1e-3);
        assertEquals(0.0, sigmas[5]);
        assertEquals(0.00211, sigmas[4], 1e-5);
        assertEquals(0.1734, sigmas[3], 1e-4);
    }

    @Test
    void karras_goldenSixSteps_matchTSteps() {
        double[] sigmas = Schedules.karras(6, 80, 0.002, 7);

        assertEquals(24.408, sigmas[1], 1e-3);
        assertEquals(5.8389, sigmas[2], 1e-4);
        assertEquals(0.96541, sigmas[3], 1e-5);
        assertEquals(0.085087, sigmas[4], 1e-6);
        assertEquals(0.002, sigmas[5], 1e-15);
    }

    @Test
    void karras_invalidArguments_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> Schedules.karras(0, 80, 1, 7));
        assertThrows(IllegalArgumentException.class, () -> Schedules.karras(3, 80, 0, 7));
        assertThrows(IllegalArgumentException.class, () -> Schedules.karras(3, 1, 2, 7));
        assertThrows(IllegalArgumentException.class, () -> Schedules.karras(3, 80, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Schedules.karras(3, 80, Double.NaN, 7));
    }

    @Property
    void karras_anyRange_isStrictlyDescendingBetweenTheEnds(
            @ForAll @IntRange(min = 2, max = 300) int steps,
            @ForAll @DoubleRange(min = 1e-4, max = 1) @Scale(6) double sigmaMin,
            @ForAll @DoubleRange(min = 2, max = 200) double sigmaMax,
            @ForAll @DoubleRange(min = 0.5, max = 12) double rho) {
        double[] sigmas = Schedules.karras(steps, sigmaMax, sigmaMin, rho);

        assertEquals(sigmaMax, sigmas[0], sigmaMax * 1e-12);
        assertEquals(sigmaMin, sigmas[steps - 1], sigmaMin * 1e-7);
        for (int i = 1; i < steps; i++) {
            assertTrue(sigmas[i] < sigmas[i - 1], "not descending at " + i);
        }
    }
}
