package io.github.diffviews.viz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.diffviews.ModelData;
import io.github.diffviews.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {

    @TempDir
    Path root;

    @Test
    void plot_sampleNeighborsAndClass_writesHtmlPngAndJson() throws IOException {
        Path model = TestModels.model("dmd2").samples(30).writeUnder(root);
        Path html = root.resolve("out/map.html");
        Path png = root.resolve("out/map.png");
        Path json = root.resolve("out/map.json");

        CliRun run = CliRun.of("plot", "--data-dir", root.toString(), "--model", "dmd2",
                "--sample", "4", "--k", "3", "--class", "2", "--width", "640", "--height",
                "480", "--html", html.toString(), "--png", png.toString(), "--json",
                json.toString());

        assertEquals(0, run.status(), run.err());
        assertEquals(List.of(png.toString(), html.toString(), json.toString()),
                run.out().lines().toList());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
        String page = Files.readString(html);
        assertTrue(page.contains("window.Plotly = Plotly;"), "Plotly.js inlined");
        JsonNode figure = new ObjectMapper().readTree(json.toFile());
        assertEquals(List.of("samples", "class_highlight", "knn_neighbors", "selected"),
                names(figure));
        ModelData data = ModelData.open(model);
        List<Integer> expected = new ArrayList<>();
        data.mapNeighbors(4, 3).forEach(neighbor -> expected.add(neighbor.index()));
        List<Integer> ringed = new ArrayList<>();
        figure.get("data").get(2).get("customdata").forEach(node -> ringed.add(node.asInt()));
        assertEquals(expected, ringed);
        assertEquals(List.of(2, 12, 22), ints(figure.get("data").get(1).get("customdata")));
        assertEquals(640, figure.get("layout").get("width").asInt());
    }

    @Test
    void plot_pngOnly_writesOnlyThePng() {
        TestModels.model("dmd2").samples(10).writeUnder(root);
        Path png = root.resolve("map.png");

        CliRun run = CliRun.of("plot", "--data-dir", root.toString(), "--png", png.toString());

        assertEquals(0, run.status(), run.err());
        assertTrue(Files.isRegularFile(png));
        assertFalse(Files.exists(root.resolve("map.html")));
    }

    @Test
    void plot_noOutput_isAUsageError() {
        TestModels.model("dmd2").samples(10).writeUnder(root);

        CliRun run = CliRun.of("plot", "--data-dir", root.toString(), "--sample", "1");

        assertEquals(2, run.status());
        assertTrue(run.err().contains("--html, --png or --json"), run.err());
    }

    @Test
    void plot_sampleOutOfRange_failsNamingTheRange() {
        TestModels.model("dmd2").samples(10).writeUnder(root);

        CliRun run = CliRun.of("plot", "--data-dir", root.toString(), "--sample", "10",
                "--png", root.resolve("m.png").toString());

        assertEquals(1, run.status());
        assertTrue(run.err().contains("0-9"), run.err());
        assertFalse(Files.exists(root.resolve("m.png")));
    }

    @Test
    void plot_classWithoutSamples_failsNamingTheClass() {
        TestModels.model("dmd2").samples(10).classes(5).writeUnder(root);

        CliRun run = CliRun.of("plot", "--data-dir", root.toString(), "--class", "7",
                "--png", root.resolve("m.png").toString());

        assertEquals(1, run.status());
        assertTrue(run.err().contains("--class 7"), run.err());
    }

    private static List<String> names(JsonNode figure) {
        List<String> names = new ArrayList<>();
        figure.get("data").forEach(trace -> names.add(trace.get("name").asText()));
        return names;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asInt()));
        return values;
    }
}
