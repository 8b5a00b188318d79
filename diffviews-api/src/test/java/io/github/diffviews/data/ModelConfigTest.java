package io.github.diffviews.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.generation.NoiseLevels;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.testing.Json;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {

    @TempDir
    Path dir;

    @Test
    void read_phaseFiveKeys_giveSigmaRange() throws IOException {
        Path file = dir.resolve("config.json");
        Json.write(file, "{\"adapter\": \"dmd2-imagenet-64\", \"checkpoint\": "
                + "\"checkpoints/dmd2-imagenet-64-10step.pkl\", \"default_steps\": 5, "
                + "\"sigma_max\": 80.0, \"sigma_min\": 0.5}");

        ModelConfig config = ModelConfig.read(file);

        assertEquals("dmd2-imagenet-64", config.adapter());
        assertEquals("checkpoints/dmd2-imagenet-64-10step.pkl", config.checkpoint().get());
        assertEquals(5, config.defaultSteps());
        assertEquals(80.0, config.defaultSigmaMax());
        assertEquals(0.5, config.defaultSigmaMin());
        assertEquals("imagenet_real", config.datasetType());
        assertEquals(1.0, config.defaultGuidance());
    }

    @Test
    void read_headKeys_giveNoiseLevelRangeAndDefaults() throws IOException {
        Path file = dir.resolve("config.json");
        Json.write(file, "{\"adapter\": \"edm-imagenet-64\", \"noise_max\": 100, "
                + "\"noise_min\": 54, \"dataset_type\": \"train2017\", "
                + "\"conditioning_type\": \"text\", \"future_key\": [1, 2]}");

        ModelConfig config = ModelConfig.read(file);

        assertEquals(50, config.defaultSteps(), "EDM's adapter default");
        assertEquals(80.0, config.defaultSigmaMax(), 1e-12);
        assertEquals(NoiseLevels.toSigma(54), config.defaultSigmaMin(), 1e-12);
        assertEquals("train2017", config.datasetType());
        assertEquals(7.5, config.defaultGuidance(), "text models default to guidance 7.5");
        assertTrue(config.json().has("future_key"), "unknown keys are kept");
    }

    @Test
    void read_emptyObject_usesTheToolDefaults() throws IOException {
        Path file = dir.resolve("config.json");
        Json.write(file, "{}");

        ModelConfig config = ModelConfig.read(file);

        assertEquals(ModelConfig.DEFAULT_ADAPTER, config.adapter());
        assertEquals(5, config.defaultSteps());
        assertEquals(NoiseLevels.toSigma(0.5), config.defaultSigmaMin(), 1e-12);
    }

    @Test
    void read_wrongTypesAndRanges_areRejectedWithTheFile() {
        String[] bad = {
            "{\"sigma_max\": \"eighty\"}",
            "{\"default_steps\": 0}",
            "{\"sigma_min\": 0}",
            "{\"sigma_min\": 90, \"sigma_max\": 80}",
            "{\"dataset_type\": \"../escape\"}",
            "[1, 2]",
            "{not json"};
        for (String text : bad) {
            Path file = dir.resolve("config.json");
            Json.write(file, text);

            DataFormatException error = assertThrows(DataFormatException.class,
                    () -> ModelConfig.read(file), text);
            assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
        }
    }

    @Test
    void builder_writtenAndReadBack_isEqual() throws IOException {
        ModelConfig config = ModelConfig.builder().adapter("edm-fashion-mnist-32")
                .weights("weights/model.safetensors").defaultSteps(20).noiseRange(100, 35)
                .build();
        Path file = dir.resolve("config.json");

        config.write(file);

        assertEquals(config, ModelConfig.read(file));
        assertEquals("weights/model.safetensors", ModelConfig.read(file).weights().get());
    }
}
