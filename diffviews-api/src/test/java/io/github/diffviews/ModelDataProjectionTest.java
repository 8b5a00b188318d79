package io.github.diffviews;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.testing.Json;
import io.github.diffviews.testing.NearestRowProjectionProvider;
import io.github.diffviews.testing.TestModels;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDataProjectionTest {

    @TempDir
    Path root;

    @Test
    void projectionDirectory_isBesideTheCsv() throws IOException {
        ModelData model = ModelData.open(TestModels.model("m").writeUnder(root));

        assertEquals(root.resolve("m/embeddings/demo_embeddings.projection"),
                model.projectionDirectory());
    }

    @Test
    void projection_noSavedProjection_isRebuiltOnceAndShared() throws Exception {
        ModelData model = ModelData.open(TestModels.model("m").samples(20).writeUnder(root));
        int before = NearestRowProjectionProvider.REBUILDS.get();

        List<Callable<Projection>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> model.projection(NearestRowProjectionProvider.BACKEND));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<Projection> seen = new HashSet<>();
        try {
            for (Future<Projection> result : pool.invokeAll(calls)) {
                seen.add(result.get());
            }
        } finally {
            pool.shutdown();
        }

        assertEquals(1, seen.size());
        assertEquals(before + 1, NearestRowProjectionProvider.REBUILDS.get());
        Projection projection = seen.iterator().next();
        FloatMatrix activations = model.activations().get().matrix();
        assertEquals(activations.columns(), projection.inputWidth());
        assertArrayEquals(model.coordinates().get().row(7),
                projection.transform(activations.row(7)));
    }

    @Test
    void projection_layoutWiderThanTheMap_usesTheMapLayersOnly() throws IOException {
        Path directory = TestModels.model("m").samples(20)
                .layers(Map.of("a", 3, "b", 2, "c", 4)).writeUnder(root);
        Json.write(directory.resolve("embeddings/demo_embeddings.json"),
                "{\"layers\": [\"c\", \"a\"], \"n_neighbors\": 15}");
        ModelData model = ModelData.open(directory);

        Projection projection = model.projection(NearestRowProjectionProvider.BACKEND);

        assertEquals(7, projection.inputWidth());
        ActivationLayout layout = model.activations().get().layout().get();
        float[] full = model.activations().get().matrix().row(4);
        float[] mapRow = new float[7];
        System.arraycopy(full, layout.slice("a").offset(), mapRow, 0, 3);
        System.arraycopy(full, layout.slice("c").offset(), mapRow, 3, 4);
        assertArrayEquals(model.coordinates().get().row(4), projection.transform(mapRow));
    }

    @Test
    void projection_mapLayerNotRecorded_failsNamingTheLayers() throws IOException {
        Path directory = TestModels.model("m").samples(20).writeUnder(root);
        Json.write(directory.resolve("embeddings/demo_embeddings.json"),
                "{\"layers\": [\"decoder_block_3\"]}");
        ModelData model = ModelData.open(directory);

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> model.projection(NearestRowProjectionProvider.BACKEND));

        assertTrue(error.getMessage().contains("[decoder_block_3]"), error.getMessage());
    }

    @Test
    void projection_noActivations_failsNamingTheModel() throws IOException {
        ModelData model = ModelData.open(TestModels.model("bare").layers(null)
                .writeUnder(root));

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> model.projection(NearestRowProjectionProvider.BACKEND));

        assertTrue(error.getMessage().contains("'bare'"), error.getMessage());
    }
}
