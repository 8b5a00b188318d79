package io.github.diffviews.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UmapParametersTest {

    @TempDir
    Path temp;

    @Test
    void defaults_areUmapLearnsAndTheToolsSettings() {
        UmapParameters defaults = UmapParameters.defaults();

        assertEquals(15, defaults.neighbors());
        assertEquals(0.1, defaults.minDist());
        assertEquals(1.0, defaults.spread());
        assertEquals(2, defaults.components());
        assertEquals(Metric.EUCLIDEAN, defaults.metric());
        assertEquals(42, defaults.seed());
        assertEquals(0, defaults.epochs());
        assertTrue(defaults.standardise());
        assertEquals(50, defaults.pcaComponents());
        assertEquals(500, defaults.epochsFor(10_000));
        assertEquals(200, defaults.epochsFor(10_001));
        assertEquals(77, defaults.toBuilder().epochs(77).build().epochsFor(70_000));
    }

    @Test
    void fromJson_pythonDemoFile_keepsExtrasAndDefaultsTheRest() {
        UmapParameters parameters = UmapParameters.fromJson("{\"n_neighbors\": 15, "
                + "\"min_dist\": 0.1, \"layers\": [\"encoder_bottleneck\", \"midblock\"], "
                + "\"model\": \"imagenet_real\"}");

        assertEquals(15, parameters.neighbors());
        assertEquals(List.of("encoder_bottleneck", "midblock"), parameters.extras().get("layers"));
        assertEquals("imagenet_real", parameters.extras().get("model"));
        assertEquals(UmapParameters.defaults().seed(), parameters.seed());
    }

    @Test
    void fromJson_upstreamKeys_readUnderUmapLearnNames() {
        UmapParameters parameters = UmapParameters.fromJson("{\"n_neighbors\": 20.0, "
                + "\"metric\": \"Cosine\", \"n_components\": 3, \"normalize\": false, "
                + "\"random_state\": 7, \"num_samples\": 1168, \"n_jobs\": -1, "
                + "\"pca_components\": \"none\", \"n_epochs\": null, \"adapter\": \"edm\"}");

        assertEquals(20, parameters.neighbors());
        assertEquals(Metric.COSINE, parameters.metric());
        assertEquals(3, parameters.components());
        assertEquals(false, parameters.standardise());
        assertEquals(7, parameters.seed());
        assertEquals(0, parameters.threads(), "n_jobs -1 means every processor");
        assertEquals(0, parameters.pcaComponents());
        assertEquals(0, parameters.epochs());
        assertEquals(Map.of("num_samples", 1168, "adapter", "edm"), parameters.extras());
    }

    @Property(tries = 50)
    void toJson_thenFromJson_roundTrips(@ForAll @IntRange(min = 2, max = 200) int neighbors,
            @ForAll @DoubleRange(min = 0, max = 1) double minDist,
            @ForAll @IntRange(min = 2, max = 3) int components, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 1000) int epochs, @ForAll boolean standardise,
            @ForAll @IntRange(min = 0, max = 100) int pca) {
        UmapParameters parameters = UmapParameters.builder().neighbors(neighbors)
                .minDist(minDist).spread(1.0 + minDist).components(components).seed(seed)
                .epochs(epochs).standardise(standardise).pcaComponents(pca)
                .metric(seed % 2 == 0 ? Metric.COSINE : Metric.EUCLIDEAN)
                .extra("layers", List.of("midblock")).extra("note", Map.of("a", 1)).build();

        assertEquals(parameters, UmapParameters.fromJson(parameters.toJson()));
        assertEquals(parameters, UmapParameters.fromMap(parameters.toMap()));
    }

    @Test
    void builder_outOfRange_failsNamingTheSetting() {
        assertMessage(() -> UmapParameters.builder().neighbors(1), "n_neighbors");
        assertMessage(() -> UmapParameters.builder().components(4), "n_components must be 2 or 3");
        assertMessage(() -> UmapParameters.builder().minDist(-0.5), "min_dist");
        assertMessage(() -> UmapParameters.builder().spread(0), "spread");
        assertMessage(() -> UmapParameters.builder().epochs(-1), "n_epochs");
        assertMessage(() -> UmapParameters.builder().pcaComponents(-3), "pca_components");
        assertMessage(() -> UmapParameters.builder().threads(-2), "n_jobs");
        assertMessage(() -> UmapParameters.builder().minDist(2).spread(1).build(),
                "must not exceed spread");
        assertMessage(() -> UmapParameters.builder().extra("min_dist", 1), "is a UMAP setting");
    }

    @Test
    void fromJson_wrongTypes_failNamingTheKey() {
        assertMessage(() -> UmapParameters.fromJson("{\"n_neighbors\": \"many\"}"),
                "'n_neighbors': expected a number");
        assertMessage(() -> UmapParameters.fromJson("{\"n_neighbors\": 15.5}"),
                "'n_neighbors': expected an integer");
        assertMessage(() -> UmapParameters.fromJson("{\"metric\": \"manhattan\"}"),
                "Unknown metric 'manhattan'");
        assertMessage(() -> UmapParameters.fromJson("[1, 2]"), "must be a JSON object");
        assertMessage(() -> UmapParameters.fromJson("{nope"), "Not valid JSON");
    }

    @Test
    void read_badFile_failsNamingTheFile() throws IOException {
        Path file = Files.writeString(temp.resolve("demo_embeddings.json"),
                "{\"n_components\": 5}");

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> UmapParameters.read(file));

        assertEquals(file, error.file());
        assertTrue(error.getMessage().contains("n_components must be 2 or 3"),
                error.getMessage());
        assertThrows(DataFormatException.class,
                () -> UmapParameters.read(temp.resolve("missing.json")));
    }

    private static void assertMessage(Runnable action, String fragment) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                action::run);
        assertTrue(error.getMessage().contains(fragment), error.getMessage());
    }
}
