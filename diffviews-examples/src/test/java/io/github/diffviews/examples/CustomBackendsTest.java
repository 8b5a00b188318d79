package io.github.diffviews.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.examples.backends.ProfiledDenoiser;
import io.github.diffviews.session.ExplorationState;
import io.github.diffviews.session.TrajectoryPoint;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomBackendsTest {

    @TempDir
    Path root;

    @Test
    void run_tinyModel_profilesEveryCallAndPlacesStepsWithPca() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        Path data = root.resolve("data");
        TinyDataDirectories.generatingModel(data, "tiny", 30);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        CustomBackends.Result result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            result = CustomBackends.run(data, 4, out);
        }

        assertEquals("pytorch", result.engine());
        assertEquals("pca", result.projection().backend());
        List<ProfiledDenoiser.Call> calls = result.calls();
        assertEquals(5, calls.size(), "one network call per step of the default 5");
        Set<String> layers = Set.of("encoder_bottleneck", "midblock");
        assertEquals(layers, calls.get(0).masked());
        assertEquals(layers, calls.get(1).masked());
        assertEquals(Set.of(), calls.get(2).masked());
        assertEquals(layers, calls.get(4).captured());
        assertTrue(calls.get(0).sigma() > calls.get(4).sigma());

        try (Visualizer visualizer = Visualizer.open(data)) {
            ModelData model = visualizer.defaultModelData();
            List<Integer> group = ExplorationState.start(model.name()).select(4)
                    .suggest(model.mapIndex(), 5).generationSamples();
            FloatMatrix rows = model.activations().orElseThrow().select(List.copyOf(layers))
                    .matrix();
            float[] expected = result.projection().transform(QuickStartTest.meanOfRows(rows,
                    group));
            TrajectoryPoint first = result.trajectory().points().get(0);
            assertArrayEquals(expected, new float[] {(float) first.x(), (float) first.y()},
                    1e-4f, "a linear map places the masked first step at the group mean's image");
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("5 calls on pytorch"), log);
    }
}
