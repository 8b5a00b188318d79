package io.github.diffviews.viz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.diffviews.ModelData;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoAndNeighborsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void info_json_describesEveryModel() throws IOException {
        TestModels.model("dmd2").samples(12).classes(3).writeUnder(root);
        TestModels.model("edm").samples(9).layers(Map.of("midblock", 6)).mapDimensions(3)
                .writeUnder(root);

        CliRun run = CliRun.of("info", "--data-dir", root.toString(), "--json");

        assertEquals(0, run.status(), run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals("dmd2", result.get("default_model").asText());
        JsonNode dmd2 = result.get("models").get(0);
        assertEquals("dmd2", dmd2.get("name").asText());
        assertEquals(12, dmd2.get("samples").asInt());
        assertEquals(20, dmd2.get("activation_width").asInt());
        assertEquals(12, dmd2.get("layers").get("encoder_bottleneck").asInt());
        assertEquals(8, dmd2.get("layers").get("midblock").asInt());
        assertEquals(2, dmd2.get("map_dimensions").asInt());
        assertEquals(3, dmd2.get("classes").asInt());
        JsonNode edm = result.get("models").get(1);
        assertEquals(3, edm.get("map_dimensions").asInt());
        assertEquals(6, edm.get("activation_width").asInt());
    }

    @Test
    void neighbors_json_matchesTheLibraryNearestFirst() throws IOException {
        Path model = TestModels.model("dmd2").samples(40).writeUnder(root);
        List<Neighbor> expected = ModelData.open(model).activationNeighbors(3, 4);

        CliRun run = CliRun.of("neighbors", "--data-dir", root.toString(), "--model", "dmd2",
                "--sample", "3", "--k", "4", "--space", "activations", "--json");

        assertEquals(0, run.status(), run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals(4, result.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(expected.get(i).index(), result.get(i).get("index").asInt());
            assertEquals(expected.get(i).distance(), result.get(i).get("distance").asDouble(),
                    1e-12);
        }
    }

    @Test
    void neighbors_mapSpaceDefault_excludesTheSample() throws IOException {
        TestModels.model("dmd2").samples(10).writeUnder(root);

        CliRun run = CliRun.of("neighbors", "--data-dir", root.toString(), "--sample", "0",
                "--k", "9", "--json");

        assertEquals(0, run.status(), run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals(9, result.size());
        for (JsonNode entry : result) {
            assertTrue(entry.get("index").asInt() != 0);
        }
    }

    @Test
    void neighbors_badSample_failsWithOneLineAndStatusOne() throws IOException {
        TestModels.model("dmd2").samples(10).writeUnder(root);

        CliRun run = CliRun.of("neighbors", "--data-dir", root.toString(), "--sample", "10",
                "--json");

        assertEquals(1, run.status());
        assertEquals("", run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("diffviews: --sample 10 is out of range"), run.err());
    }

    @Test
    void info_brokenFile_namesItOnOneLine() throws IOException {
        Path model = TestModels.model("dmd2").writeUnder(root);
        Files.writeString(model.resolve("embeddings/demo_embeddings.csv"), "a,b\n1\n");

        CliRun run = CliRun.of("info", "--data-dir", root.toString());

        assertEquals(1, run.status());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(model.resolve("embeddings/demo_embeddings.csv")
                .toString()), run.err());
    }

    @Test
    void neighbors_unknownModelOrLayer_listsWhatExists() throws IOException {
        TestModels.model("dmd2").writeUnder(root);

        CliRun model = CliRun.of("neighbors", "--data-dir", root.toString(), "--model", "sdxl",
                "--sample", "0");
        CliRun layer = CliRun.of("neighbors", "--data-dir", root.toString(), "--sample", "0",
                "--space", "activations", "--layers", "nope");

        assertEquals(1, model.status());
        assertTrue(model.err().contains("Unknown model 'sdxl'"), model.err());
        assertEquals(1, layer.status());
        assertTrue(layer.err().contains("Unknown layer 'nope'"), layer.err());
    }

    @Test
    void missingRequiredOption_isAUsageError() {
        CliRun run = CliRun.of("neighbors", "--sample", "1");

        assertEquals(2, run.status());
        assertTrue(run.err().contains("--data-dir"), run.err());
    }
}
