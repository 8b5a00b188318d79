package io.github.diffviews.examples.backends;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.examples.TinyDataDirectories;
import io.github.diffviews.generation.GaussianNoise;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.spi.BackendException;
import io.github.diffviews.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilingEngineTest {

    @TempDir
    static Path root;

    private static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        model = TinyDataDirectories.generatingModel(root.resolve("data"), "tiny", 20);
    }

    @Test
    void engine_byName_wrapsThePyTorchEngineAndGivesItsResults() throws Exception {
        Tensor x = GaussianNoise.seeded(5).tensor(2, 3, 16, 16);
        DenoiseRequest request = DenoiseRequest.builder(x).sigmas(10.0, 2.0)
                .capture("midblock").build();

        try (ProfiledDenoiser profiled = (ProfiledDenoiser) EngineProvider.engine("profiling")
                .open(TinyDataDirectories.NETWORK, model.resolve("model.safetensors"),
                        EngineOptions.of("cpu", 1));
                Denoiser plain = EngineProvider.engine("pytorch").open(
                        TinyDataDirectories.NETWORK, model.resolve("model.safetensors"),
                        EngineOptions.of("cpu", 1))) {
            assertEquals("pytorch", profiled.engine());
            assertArrayEquals(plain.denoise(request).denoised().toFloatArray(),
                    profiled.denoise(request).denoised().toFloatArray(), 0f);

            List<ProfiledDenoiser.Call> calls = profiled.calls();
            assertEquals(1, calls.size());
            assertEquals(10.0, calls.get(0).sigma());
            assertEquals(2, calls.get(0).batch());
            assertEquals(Set.of("midblock"), calls.get(0).captured());
            assertTrue(calls.get(0).nanos() > 0);
        }
    }

    @Test
    void generate_masksForTwoSteps_recordsOneCallPerStepWithTheMasks() throws Exception {
        String previous = System.setProperty("diffviews.engine", "profiling");
        try (Visualizer visualizer = Visualizer.open(root.resolve("data"))) {
            ModelData data = visualizer.defaultModelData();
            ProfiledDenoiser denoiser = assertInstanceOf(ProfiledDenoiser.class,
                    data.denoiser());

            MultistepGenerator.builder().steps(4).sigmaRange(80, 0.5).classLabel(2)
                    .masker(data.masker(List.of(0, 1, 2), 2))
                    .capture("midblock").seed(1).build().generate(denoiser);

            List<ProfiledDenoiser.Call> calls = denoiser.calls();
            assertEquals(4, calls.size());
            assertEquals(80.0, calls.get(0).sigma(), 1e-9);
            Set<String> mapLayers = Set.copyOf(data.embeddingParameters().layers());
            assertEquals(mapLayers, calls.get(0).masked());
            assertEquals(mapLayers, calls.get(1).masked());
            assertEquals(Set.of(), calls.get(2).masked());
            assertEquals(Set.of(), calls.get(3).masked());
            assertTrue(denoiser.summary().startsWith("4 calls on pytorch"), denoiser.summary());
        } finally {
            restore("diffviews.engine", previous);
        }
    }

    @Test
    void open_delegateIsItself_rejectedNamingTheProperty() {
        String previous = System.setProperty(ProfilingEngine.DELEGATE_PROPERTY, "profiling");
        try {
            BackendException e = assertThrows(BackendException.class,
                    () -> new ProfilingEngine().open(TinyDataDirectories.NETWORK,
                            model.resolve("model.safetensors"), EngineOptions.defaults()));
            assertTrue(e.getMessage().contains(ProfilingEngine.DELEGATE_PROPERTY),
                    e.getMessage());
        } finally {
            restore(ProfilingEngine.DELEGATE_PROPERTY, previous);
        }
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }
}
