package io.github.diffviews.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.ModelData;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.session.ExplorationState;
import io.github.diffviews.session.Trajectory;
import io.github.diffviews.session.TrajectoryPoint;
import io.github.diffviews.testing.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapFigureTest {

    @TempDir
    Path root;

    private ModelData model;

    @BeforeEach
    void openModel() throws IOException {
        model = ModelData.open(TestModels.model("dmd2").samples(20).classes(10)
                .writeUnder(root));
    }

    @Test
    void of_initialState_hasOnlyTheSamplesTrace() {
        ObjectNode figure = MapFigure.of(model, ExplorationState.start("dmd2"));

        assertEquals(List.of("samples"), names(figure));
        JsonNode samples = figure.get("data").get(0);
        assertEquals("scattergl", samples.get("type").asText());
        assertEquals(20, samples.get("x").size());
        assertEquals(20, samples.get("y").size());
        for (int i = 0; i < 20; i++) {
            assertEquals(i, samples.get("customdata").get(i).asInt());
            assertEquals(model.coordinates().get().get(i, 0),
                    samples.get("x").get(i).floatValue());
        }
    }

    @Test
    void samplesTrace_colours_followClassesAndSingleNoiseLevelOpacity() {
        JsonNode marker = MapFigure.samplesTrace(model).get("marker");

        ClassColors colors = ClassColors.of(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        for (int i = 0; i < 20; i++) {
            assertEquals(colors.color(i % 10), marker.get("color").get(i).asText());
        }
        assertEquals(0.7, marker.get("opacity").asDouble());
        assertEquals(6, marker.get("size").asInt());
    }

    @Test
    void of_selection_addsOneRedPointTrace() {
        ExplorationState state = ExplorationState.start("dmd2").click(3);

        ObjectNode figure = MapFigure.of(model, state);

        assertEquals(List.of("samples", "selected"), names(figure));
        JsonNode selected = figure.get("data").get(1);
        assertEquals(1, selected.get("x").size());
        assertEquals(model.coordinates().get().get(3, 0), selected.get("x").get(0).floatValue());
        assertEquals("red", selected.get("marker").get("line").get("color").asText());
        assertEquals("skip", selected.get("hoverinfo").asText());
    }

    @Test
    void of_neighbors_addsRingsInDrawingOrder() {
        ExplorationState state = ExplorationState.start("dmd2").click(0).click(5)
                .suggest(List.of(new Neighbor(7, 0.5), new Neighbor(9, 0.25)));

        ObjectNode figure = MapFigure.of(model, state);

        assertEquals(List.of("samples", "knn_neighbors", "manual_neighbors", "selected"),
                names(figure));
        JsonNode knn = figure.get("data").get(1);
        assertEquals(List.of(9, 7), ints(knn.get("customdata")));
        assertEquals("lime", knn.get("marker").get("line").get("color").asText());
        assertEquals(List.of(5), ints(figure.get("data").get(2).get("customdata")));
        assertEquals("cyan", figure.get("data").get(2).get("marker").get("line").get("color")
                .asText());
    }

    @Test
    void of_classHighlight_coversEverySampleOfTheClass() {
        ExplorationState state = ExplorationState.start("dmd2").highlightClass(4);

        ObjectNode figure = MapFigure.of(model, state);

        assertEquals(List.of("samples", "class_highlight"), names(figure));
        assertEquals(List.of(4, 14), ints(figure.get("data").get(1).get("customdata")));
    }

    @Test
    void of_fourPointTrajectory_addsFourTracesWithStartAndEnd() {
        ExplorationState state = ExplorationState.start("dmd2")
                .addTrajectory(trajectory(4, 0));

        ObjectNode figure = MapFigure.of(model, state);

        assertEquals(List.of("samples", "trajectory_line_0", "trajectory_0", "traj_start_0",
                "traj_end_0"), names(figure));
        JsonNode line = figure.get("data").get(1);
        assertEquals("dash", line.get("line").get("dash").asText());
        JsonNode steps = figure.get("data").get(2);
        assertEquals(4, steps.get("x").size());
        assertEquals(List.of(1, 2, 3, 4), ints(steps.get("customdata")));
        assertEquals(80.0, steps.get("text").get(0).asDouble());
        assertEquals(MapFigure.FIRST_STEP_COLOR,
                steps.get("marker").get("colorscale").get(0).get(1).asText());
        JsonNode start = figure.get("data").get(3);
        JsonNode end = figure.get("data").get(4);
        assertEquals(0.0, start.get("x").get(0).asDouble());
        assertEquals(3.0, end.get("x").get(0).asDouble());
        assertEquals("diamond", start.get("marker").get("symbol").asText());
        assertEquals("star", end.get("marker").get("symbol").asText());
        assertEquals(1, start.get("customdata").get(0).asInt());
        assertEquals(4, end.get("customdata").get(0).asInt());
        assertFalse(start.has("hoverinfo"), "start and end markers answer hover");
    }

    @Test
    void of_emptyAndSinglePointTrajectories_addNoTraces() {
        ExplorationState state = ExplorationState.start("dmd2")
                .addTrajectory(trajectory(0, 0)).addTrajectory(trajectory(1, 0));

        assertEquals(List.of("samples"), names(MapFigure.of(model, state)));
    }

    @Test
    void of_secondTrajectory_isNamedByItsIndex() {
        ExplorationState state = ExplorationState.start("dmd2")
                .addTrajectory(trajectory(2, 0)).addTrajectory(trajectory(3, 10));

        List<String> names = names(MapFigure.of(model, state));

        assertEquals(9, names.size());
        assertEquals("traj_end_1", names.get(8));
    }

    @Test
    void layout_uirevision_isTheModelName() {
        ObjectNode layout = MapFigure.layout(model);

        assertEquals("dmd2", layout.get("uirevision").asText());
        assertEquals("UMAP 1", layout.get("xaxis").get("title").get("text").asText());
        assertEquals("closest", layout.get("hovermode").asText());
        assertFalse(layout.get("showlegend").asBoolean());
    }

    @Test
    void of_stateOfAnotherModel_isRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> MapFigure.of(model, ExplorationState.start("edm")));

        assertTrue(error.getMessage().contains("'edm'"), error.getMessage());
    }

    @Test
    void of_selectionOutsideTheModel_isRefused() {
        ExplorationState state = ExplorationState.start("dmd2").click(20);

        assertThrows(IllegalArgumentException.class, () -> MapFigure.of(model, state));
    }

    @Test
    void samplesTrace_severalNoiseLevels_makeLessNoisySamplesOpaque() throws IOException {
        Path directory = TestModels.model("noisy").samples(20).writeUnder(root);
        rewriteSigmas(directory.resolve("embeddings/demo_embeddings.csv"));

        JsonNode opacity = MapFigure.samplesTrace(ModelData.open(directory)).get("marker")
                .get("opacity");

        assertTrue(opacity.isArray());
        assertEquals(1.0, opacity.get(1).asDouble(), 1e-6);
        assertEquals(0.4, opacity.get(0).asDouble(), 1e-6);
    }

    private static void rewriteSigmas(Path csv) throws IOException {
        List<String> lines = new ArrayList<>(java.nio.file.Files.readAllLines(csv));
        List<String> header = List.of(lines.get(0).split(","));
        int column = header.indexOf("conditioning_sigma");
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            cells[column] = (i - 1) % 2 == 0 ? "80.0" : "0.5";
            lines.set(i, String.join(",", cells));
        }
        java.nio.file.Files.write(csv, lines);
    }

    private static Trajectory trajectory(int points, double offset) {
        List<TrajectoryPoint> list = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            list.add(new TrajectoryPoint(i, offset + i, offset + 2 * i, Double.NaN,
                    80.0 / (i + 1), 100 - i));
        }
        return new Trajectory(list, 3, "class_3");
    }

    private static List<String> names(ObjectNode figure) {
        List<String> names = new ArrayList<>();
        figure.get("data").forEach(trace -> names.add(trace.get("name").asText()));
        return names;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        ((ArrayNode) array).forEach(node -> values.add(node.asInt()));
        return values;
    }
}
