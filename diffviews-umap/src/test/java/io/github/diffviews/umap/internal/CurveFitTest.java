package io.github.diffviews.umap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class CurveFitTest {

    @Test
    void fit_defaultMinDistAndSpread_matchesUmapLearn() {
        double[] ab = CurveFit.fit(1.0, 0.1);

        // umap-learn's find_ab_params(1.0, 0.1): a = 1.5769..., b = 0.8950...
        assertEquals(1.577, ab[0], 2e-3);
        assertEquals(0.895, ab[1], 2e-3);
    }

    @Test
    void fit_largerMinDist_flattensTheCurve() {
        double[] tight = CurveFit.fit(1.0, 0.1);
        double[] loose = CurveFit.fit(1.0, 0.5);

        assertTrue(loose[0] < tight[0], "a shrinks as min_dist grows");
        assertTrue(loose[1] > tight[1], "b grows as min_dist grows");
    }

    @Property(tries = 30)
    void fit_anySettings_curveFollowsTheTarget(
            @ForAll @DoubleRange(min = 0.3, max = 3.0) double spread,
            @ForAll @DoubleRange(min = 0.0, max = 0.9) double minDistFraction) {
        double minDist = minDistFraction * spread;

        double[] ab = CurveFit.fit(spread, minDist);

        double squaredError = 0;
        for (int i = 0; i < 300; i++) {
            double x = 3 * spread * i / 299.0;
            double target = x < minDist ? 1 : Math.exp(-(x - minDist) / spread);
            double curve = 1 / (1 + ab[0] * Math.pow(x, 2 * ab[1]));
            squaredError += (curve - target) * (curve - target);
        }
        assertTrue(Math.sqrt(squaredError / 300) < 0.05,
                "RMS error " + Math.sqrt(squaredError / 300) + " for a=" + ab[0] + " b=" + ab[1]);
        assertTrue(ab[0] > 0 && ab[1] > 0);
    }
}
