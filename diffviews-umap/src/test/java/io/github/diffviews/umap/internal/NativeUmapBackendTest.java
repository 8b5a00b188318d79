package io.github.diffviews.umap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.projection.Metric;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class NativeUmapBackendTest {

    private final NativeUmapBackend backend = new NativeUmapBackend();

    @Test
    void fit_oneThreadOrFour_bitIdenticalEmbedding() {
        // Above the exact-search limit, so NN-descent, the spectral solver and the SGD all run
        // on the pool.
        FloatMatrix rows = FloatMatrix.wrap(KnnTest.gaussianClusters(4500, 12, 6, 2), 4500, 12);
        UmapParameters parameters = UmapParameters.builder().epochs(30).seed(5).build();

        Projection one = backend.fit(rows, parameters.toBuilder().threads(1).build());
        Projection four = backend.fit(rows, parameters.toBuilder().threads(4).build());

        assertArrayEquals(one.embedding().toFloatArray(), four.embedding().toFloatArray());
    }

    @Test
    void fit_differentSeeds_differentEmbeddings() {
        FloatMatrix rows = PreprocessorTest.KnnTestData.rows(80, 6, 1);

        float[] first = backend.fit(rows, UmapParameters.builder().seed(1).epochs(50).build())
                .embedding().toFloatArray();
        float[] second = backend.fit(rows, UmapParameters.builder().seed(2).epochs(50).build())
                .embedding().toFloatArray();

        assertTrue(!java.util.Arrays.equals(first, second));
    }

    @Test
    void fit_progress_reportsEveryStageInOrderAndEveryEpoch() {
        FloatMatrix rows = PreprocessorTest.KnnTestData.rows(60, 70, 3);
        List<String> reports = new ArrayList<>();

        backend.fit(rows, UmapParameters.builder().epochs(25).build(),
                (stage, done, total) -> reports.add(stage + " " + done + "/" + total),
                CancellationToken.NONE);

        List<String> stages = new ArrayList<>(new LinkedHashSet<>(reports.stream()
                .map(report -> report.split(" ")[0]).toList()));
        assertEquals(List.of(Stages.PREPROCESS, Stages.NEIGHBORS, Stages.GRAPH, Stages.INIT,
                Stages.OPTIMIZE), stages);
        assertTrue(reports.contains("optimize 1/25"));
        assertEquals("optimize 25/25", reports.get(reports.size() - 1));
    }

    @Test
    void fit_listenerThrows_fitStillCompletes() {
        FloatMatrix rows = PreprocessorTest.KnnTestData.rows(40, 5, 3);

        Projection projection = backend.fit(rows, UmapParameters.builder().epochs(10).build(),
                (stage, done, total) -> {
                    throw new IllegalStateException("listener bug");
                }, CancellationToken.NONE);

        assertEquals(40, projection.embedding().rows());
    }

    @Test
    void fit_cancelledDuringOptimisation_throwsCancellation() {
        FloatMatrix rows = PreprocessorTest.KnnTestData.rows(60, 5, 3);
        CancellationToken token = CancellationToken.create();
        List<String> seen = new ArrayList<>();

        assertThrows(CancellationException.class, () -> backend.fit(rows,
                UmapParameters.builder().epochs(200).build(), (stage, done, total) -> {
                    seen.add(stage + " " + done);
                    if (stage.equals(Stages.OPTIMIZE) && done == 5) {
                        token.cancel();
                    }
                }, token));

        assertEquals("optimize 5", seen.get(seen.size() - 1), "stopped at the next epoch");
    }

    @Test
    void fit_cancelledBeforehand_doesNoWork() {
        CancellationToken token = CancellationToken.create();
        token.cancel();
        List<String> seen = new ArrayList<>();

        assertThrows(CancellationException.class, () -> backend.fit(
                PreprocessorTest.KnnTestData.rows(60, 5, 3), UmapParameters.defaults(),
                (stage, done, total) -> seen.add(stage), token));

        assertTrue(seen.stream().allMatch(Stages.PREPROCESS::equals), seen.toString());
    }

    @Test
    void fit_tooFewRows_failsNamingNeighbors() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> backend.fit(PreprocessorTest.KnnTestData.rows(15, 4, 1),
                        UmapParameters.defaults()));

        assertTrue(error.getMessage().contains("n_neighbors = 15"), error.getMessage());
    }

    @Test
    void fit_cosineMetric_runs() {
        FloatMatrix rows = PreprocessorTest.KnnTestData.rows(70, 6, 8);

        Projection projection = backend.fit(rows, UmapParameters.builder().metric(Metric.COSINE)
                .epochs(40).build());

        assertEquals(2, projection.transform(rows.row(3)).length);
    }

    @Test
    void rebuild_rowCountMismatch_fails() {
        FloatMatrix rows = PreprocessorTest.KnnTestData.rows(40, 4, 1);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> backend.rebuild(rows, FloatMatrix.wrap(new float[78], 39, 2),
                        UmapParameters.defaults()));

        assertTrue(error.getMessage().contains("40 activation rows but 39"), error.getMessage());
    }

    @Test
    void transform_wrongWidthOrNaN_failsClearly() {
        FloatMatrix rows = PreprocessorTest.KnnTestData.rows(40, 4, 1);
        Projection projection = backend.fit(rows, UmapParameters.builder().epochs(10).build());

        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> projection.transform(new float[5]));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> projection.transform(new float[] {0, Float.NaN, 0, 0}));

        assertTrue(width.getMessage().contains("4 activations"), width.getMessage());
        assertTrue(nan.getMessage().contains("NaN at column 1"), nan.getMessage());
    }

    @Test
    void transform_zeroOrNegativeZero_sameCoordinates() {
        FloatMatrix rows = PreprocessorTest.KnnTestData.rows(40, 4, 1);
        Projection projection = backend.fit(rows, UmapParameters.builder().epochs(10).build());

        assertArrayEquals(projection.transform(new float[] {0f, 1f, 2f, 3f}),
                projection.transform(new float[] {-0f, 1f, 2f, 3f}));
    }
}
