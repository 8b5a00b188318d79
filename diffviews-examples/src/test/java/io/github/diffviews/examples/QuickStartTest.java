package io.github.diffviews.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.session.ExplorationState;
import io.github.diffviews.session.TrajectoryPoint;
import io.github.diffviews.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {

    private static final int SAMPLE = 3;

    @TempDir
    static Path root;

    private static Path data;

    private static QuickStart.Result result;

    private static String log;

    @BeforeAll
    static void runQuickStart() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        data = root.resolve("data");
        TinyDataDirectories.generatingModel(data, "tiny", 40);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            result = QuickStart.run(data, root.resolve("out"), SAMPLE, out);
        }
        log = bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_tinyModel_findsNeighborsNearestFirstWithoutTheSample() {
        assertEquals("tiny", result.model());
        assertEquals(SAMPLE, result.sample());
        for (List<Neighbor> neighbors : List.of(result.mapNeighbors(),
                result.activationNeighbors())) {
            assertEquals(QuickStart.NEIGHBORS, neighbors.size());
            assertFalse(neighbors.stream().anyMatch(n -> n.index() == SAMPLE));
            for (int i = 1; i < neighbors.size(); i++) {
                assertTrue(neighbors.get(i - 1).distance() <= neighbors.get(i).distance());
            }
        }
    }

    @Test
    void run_tinyModel_firstStepSitsWhereTheMaskedGroupMeanProjects() throws Exception {
        try (Visualizer visualizer = Visualizer.open(data)) {
            ModelData model = visualizer.defaultModelData();
            List<Integer> group = ExplorationState.start(model.name()).select(SAMPLE)
                    .suggest(model.mapIndex(), QuickStart.NEIGHBORS).generationSamples();
            FloatMatrix rows = model.activations().orElseThrow()
                    .select(model.embeddingParameters().layers()).matrix();
            float[] mean = meanOfRows(rows, group);
            float[] expected = model.projection().transform(mean);

            List<TrajectoryPoint> points = result.trajectory().points();
            assertEquals(model.config().defaultSteps(), points.size());
            assertEquals(expected[0], points.get(0).x(), 1e-3);
            assertEquals(expected[1], points.get(0).y(), 1e-3);
            assertTrue(Math.abs(points.get(1).x() - expected[0]) > 1e-3
                    || Math.abs(points.get(1).y() - expected[1]) > 1e-3,
                    "the mask holds for the first step only");
        }
    }

    @Test
    void run_tinyModel_writesTheFigures() throws Exception {
        BufferedImage map = ImageIO.read(result.mapPng().toFile());
        BufferedImage frames = ImageIO.read(result.framesPng().toFile());
        BufferedImage image = ImageIO.read(result.imagePng().toFile());
        assertNotNull(map);
        assertNotNull(frames);
        assertEquals(16, image.getWidth());
        assertEquals(16, image.getHeight());
        assertTrue(frames.getWidth() > 16 * 2, "the frames sheet holds more than one frame");

        String html = Files.readString(result.mapHtml().orElseThrow());
        assertTrue(html.contains("Plotly.newPlot") || html.contains("Plotly.react"), html.length()
                + " characters without a Plotly call");
        assertTrue(html.contains("sample " + SAMPLE), "the title names the sample");
        assertTrue(log.contains("Generated 5 steps"), log);
    }

    /** The mean of rows, summed in double as the masker does. */
    static float[] meanOfRows(FloatMatrix rows, List<Integer> samples) {
        double[] sum = new double[rows.columns()];
        for (int sample : samples) {
            float[] row = rows.row(sample);
            for (int d = 0; d < sum.length; d++) {
                sum[d] += row[d];
            }
        }
        float[] mean = new float[sum.length];
        for (int d = 0; d < mean.length; d++) {
            mean[d] = (float) (sum[d] / samples.size());
        }
        return mean;
    }
}
