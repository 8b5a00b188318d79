package io.github.diffviews.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoiseLevelsTest {

    @ParameterizedTest
    @CsvSource({"0, 0.002", "0.5, 0.00211", "35, 0.0816", "50, 0.400", "54, 0.611",
        "82, 11.88", "100, 80"})
    void toSigma_referenceTable(double level, double sigma) {
        assertEquals(sigma, NoiseLevels.toSigma(level), sigma * 2e-3);
    }

    @ParameterizedTest
    @CsvSource({"0.05, 30.38", "0.5, 52.11", "1.0, 58.65", "1.9, 64.70", "14, 83.55",
        "50, 95.57", "80, 100"})
    void toNoiseLevel_referenceTable(double sigma, double level) {
        assertEquals(level, NoiseLevels.toNoiseLevel(sigma), 0.01);
    }

    @ParameterizedTest
    @CsvSource({"-5, 0.002", "140, 80"})
    void toSigma_outOfRange_clamps(double level, double sigma) {
        assertEquals(sigma, NoiseLevels.toSigma(level), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "0.0001, 0", "1000, 100"})
    void toNoiseLevel_outOfRange_clamps(double sigma, double level) {
        assertEquals(level, NoiseLevels.toNoiseLevel(sigma), 1e-12);
    }

    @Property
    void roundTrip_levelsInRange_return(@ForAll @DoubleRange(min = 0, max = 100) double level) {
        assertEquals(level, NoiseLevels.toNoiseLevel(NoiseLevels.toSigma(level)), 1e-9);
    }

    @org.junit.jupiter.api.Test
    void conversions_nanOrNegativeSigma_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> NoiseLevels.toSigma(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> NoiseLevels.toNoiseLevel(-1));
        assertThrows(IllegalArgumentException.class,
                () -> NoiseLevels.toNoiseLevel(Double.NaN));
    }
}
