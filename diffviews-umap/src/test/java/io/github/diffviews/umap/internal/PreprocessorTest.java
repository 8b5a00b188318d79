package io.github.diffviews.umap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.projection.Metric;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private static Preprocessor.Fitted fit(FloatMatrix rows, UmapParameters parameters) {
        try (WorkPool pool = new WorkPool(2)) {
            return Preprocessor.fit(rows, parameters, pool, ProgressListener.NONE,
                    CancellationToken.NONE);
        }
    }

    @Test
    void fit_standardise_usesPopulationVarianceAndKeepsConstantColumnsAtZero() {
        FloatMatrix rows = FloatMatrix.of(new float[][] {{1, 5, 2}, {3, 5, 2}, {5, 5, 8}});
        UmapParameters parameters = UmapParameters.builder().pcaComponents(0).build();

        Preprocessor.Fitted fitted = fit(rows, parameters);

        // Column 0: mean 3, population standard deviation sqrt(8/3).
        double scale = Math.sqrt(8.0 / 3.0);
        assertEquals(3.0, fitted.preprocessor().scalerMean()[0], 1e-12);
        assertEquals(scale, fitted.preprocessor().scalerScale()[0], 1e-12);
        assertEquals((float) (-2 / scale), fitted.rows()[0], 1e-6f);
        assertEquals(1.0, fitted.preprocessor().scalerScale()[1], 0.0, "constant column");
        assertEquals(0f, fitted.rows()[1], 0f);
        assertEquals(0f, fitted.rows()[4], 0f);
    }

    @Test
    void fit_pcaWiderThanComponents_reducesAndTransformsNewRowsAlike() {
        FloatMatrix rows = KnnTestData.rows(80, 30, 9);
        UmapParameters parameters = UmapParameters.builder().pcaComponents(4).build();

        Preprocessor.Fitted fitted = fit(rows, parameters);

        assertEquals(4, fitted.preprocessor().outputWidth());
        float[] out = new float[4];
        fitted.preprocessor().apply(rows.row(11), out);
        for (int k = 0; k < 4; k++) {
            assertEquals(fitted.rows()[11 * 4 + k], out[k], 0f, "a training row, bit for bit");
        }
    }

    @Test
    void fit_pcaNotNarrower_skipsPca() {
        FloatMatrix rows = KnnTestData.rows(40, 6, 2);

        Preprocessor.Fitted fitted = fit(rows, UmapParameters.builder().pcaComponents(6)
                .build());

        assertEquals(6, fitted.preprocessor().outputWidth());
        assertEquals(null, fitted.preprocessor().pca());
    }

    @Test
    void fit_cosine_rowsHaveUnitLength() {
        FloatMatrix rows = KnnTestData.rows(30, 5, 3);

        Preprocessor.Fitted fitted = fit(rows, UmapParameters.builder().standardise(false)
                .metric(Metric.COSINE).build());

        for (int i = 0; i < 30; i++) {
            double norm = 0;
            for (int j = 0; j < 5; j++) {
                norm += fitted.rows()[i * 5 + j] * fitted.rows()[i * 5 + j];
            }
            assertEquals(1.0, norm, 1e-5);
        }
    }

    @Test
    void fit_nanValue_failsNamingRowAndColumn() {
        float[][] values = {{1, 2}, {3, Float.NaN}, {5, 6}};

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> fit(FloatMatrix.of(values), UmapParameters.defaults()));

        assertTrue(error.getMessage().contains("Row 1"), error.getMessage());
        assertTrue(error.getMessage().contains("column 1"), error.getMessage());
    }

    @Test
    void apply_wrongWidth_fails() {
        Preprocessor.Fitted fitted = fit(KnnTestData.rows(20, 4, 1), UmapParameters.defaults());

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> fitted.preprocessor().apply(new float[3], new float[4]));

        assertTrue(error.getMessage().contains("4 activations"), error.getMessage());
    }

    /** Shared random rows. */
    static final class KnnTestData {

        static FloatMatrix rows(int rows, int width, long seed) {
            return FloatMatrix.wrap(KnnTest.gaussianClusters(rows, width, 3, seed), rows, width);
        }
    }
}
