package io.github.diffviews.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.ModelData;
import io.github.diffviews.generation.FakeDenoiser;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.session.ExplorationState;
import io.github.diffviews.session.Trajectory;
import io.github.diffviews.spi.BackendException;
import io.github.diffviews.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapPlotTest {

    @TempDir
    Path root;

    private ModelData model;

    @BeforeEach
    void openModel() throws IOException {
        model = ModelData.open(TestModels.model("dmd2").samples(30).classes(10)
                .writeUnder(root));
    }

    @Test
    void toJson_fluentOverlays_matchTheExplorationStateFigure() {
        MapPlot plot = Figures.map(model).select(4).suggest(3).toggleNeighbor(17)
                .highlightClass(2);

        ExplorationState expected = ExplorationState.start("dmd2").select(4)
                .suggest(model.mapIndex(), 3).toggleNeighbor(17).highlightClass(2);
        assertEquals(expected, plot.state());
        ObjectNode figure = plot.toJson();
        assertEquals(MapFigure.of(model, expected).get("data"), figure.get("data"));
        assertEquals(List.of("samples", "class_highlight", "knn_neighbors", "manual_neighbors",
                "selected"), names(figure));
    }

    @Test
    void toJson_sizeAndTitle_areWrittenToTheLayout() {
        JsonNode layout = Figures.map(model).width(640).height(480).title("Map of dmd2")
                .toJson().get("layout");

        assertEquals(640, layout.get("width").asInt());
        assertEquals(480, layout.get("height").asInt());
        assertFalse(layout.get("autosize").asBoolean());
        assertEquals("Map of dmd2", layout.get("title").get("text").asText());
        assertEquals("dmd2", layout.get("uirevision").asText());
    }

    @Test
    void toJson_emptyTitle_leavesTheTitleOut() {
        assertFalse(Figures.map(model).title("").toJson().get("layout").has("title"));
    }

    @Test
    void toJsonString_parsesBackToTheSameFigure() throws IOException {
        MapPlot plot = Figures.map(model).select(1).suggest(2);

        JsonNode parsed = new ObjectMapper().readTree(plot.toJsonString());

        assertTrue(plot.toJson().equals((a, b) -> a.isNumber() && b.isNumber()
                ? Double.compare(a.floatValue(), b.floatValue()) : a.equals(b) ? 0 : 1, parsed),
                "floats are read back as doubles of the same value");
    }

    @Test
    void select_returnsANewPlot_andLeavesTheOriginalAsItWas() {
        MapPlot base = Figures.map(model);

        MapPlot selected = base.select(3);

        assertNotSame(base, selected);
        assertTrue(base.state().selected().isEmpty());
        assertEquals(3, selected.state().selected().getAsInt());
        assertEquals(List.of("samples"), names(base.toJson()));
    }

    @Test
    void suggest_givenNeighbors_ringsThoseSamples() {
        MapPlot plot = Figures.map(model).select(0)
                .suggest(List.of(new Neighbor(9, 0.5), new Neighbor(12, 0.25)));

        JsonNode knn = plot.toJson().get("data").get(1);

        assertEquals("knn_neighbors", knn.get("name").asText());
        assertEquals(12, knn.get("customdata").get(0).asInt());
        assertEquals(9, knn.get("customdata").get(1).asInt());
    }

    @Test
    void select_sampleOutOfRange_isRefusedWithTheRange() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Figures.map(model).select(30));

        assertTrue(error.getMessage().contains("0-29"), error.getMessage());
    }

    @Test
    void suggest_withoutSelection_isRefused() {
        assertThrows(IllegalStateException.class, () -> Figures.map(model).suggest(3));
    }

    @Test
    void width_outOfRange_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> Figures.map(model).width(50));
        assertThrows(IllegalArgumentException.class, () -> Figures.map(model).height(20_000));
    }

    @Test
    void state_ofAnotherModel_isRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Figures.map(model).state(ExplorationState.start("edm")));
    }

    @Test
    void map_modelWithoutCoordinates_isRefusedNamingTheModel() throws IOException {
        Path bare = TestModels.model("bare").samples(5).mapDimensions(2).writeUnder(root);
        Path csv = bare.resolve("embeddings/demo_embeddings.csv");
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int x = header.indexOf("umap_x");
        int y = header.indexOf("umap_y");
        List<String> rewritten = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(Math.max(x, y));
            cells.remove(Math.min(x, y));
            rewritten.add(String.join(",", cells));
        }
        Files.write(csv, rewritten);

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Figures.map(ModelData.open(bare)));

        assertTrue(error.getMessage().contains("'bare'"), error.getMessage());
    }

    @Test
    void trajectory_generationWithMapPoints_addsItsTraces() {
        Generation generation = generation(true);

        MapPlot plot = Figures.map(model).trajectory(generation);

        Trajectory trajectory = plot.state().trajectories().get(0);
        assertEquals(4, trajectory.points().size());
        assertEquals(3, trajectory.classId());
        assertEquals("class_3", trajectory.className());
        JsonNode steps = plot.toJson().get("data").get(2);
        assertEquals("trajectory_0", steps.get("name").asText());
        float[] first = generation.frames().get(0).points()[0];
        assertEquals(first[0], steps.get("x").get(0).floatValue(), 1e-6);
        assertEquals(generation.frames().get(0).sigma(), steps.get("text").get(0).asDouble(),
                1e-9);
    }

    @Test
    void trajectory_generationWithoutProjector_isRefusedSayingHowToProject() {
        Generation generation = generation(false);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Figures.map(model).trajectory(generation));

        assertTrue(error.getMessage().contains("projector"), error.getMessage());
    }

    @Test
    void toPng_writesAnImageOfThePlotSize() throws IOException {
        Path file = Figures.map(model).select(2).width(500).height(400)
                .toPng(root.resolve("out/map.png"));

        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(500, image.getWidth());
        assertEquals(400, image.getHeight());
    }

    @Test
    void toHtml_withoutAnHtmlWriter_namesTheModuleToAdd() {
        BackendException error = assertThrows(BackendException.class,
                () -> Figures.map(model).toHtml());

        assertTrue(error.getMessage().contains("diffviews-viz"), error.getMessage());
    }

    private static Generation generation(boolean projected) {
        MultistepGenerator.Builder builder = MultistepGenerator.builder().steps(4)
                .sigmaRange(80, 0.5).classLabel(3).seed(5).capture("midblock");
        if (projected) {
            builder.projector(row -> new float[] {row[0], row[0] * 0.5f});
        }
        return builder.build().generate(FakeDenoiser.shrinking());
    }

    static List<String> names(ObjectNode figure) {
        List<String> names = new ArrayList<>();
        figure.get("data").forEach(trace -> names.add(trace.get("name").asText()));
        return names;
    }
}
