package io.github.diffviews.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SteeringStudyTest {

    private static final int[] MASK_STEPS = {0, 1, 5};

    private static final int NEIGHBORS = 2;

    @TempDir
    static Path root;

    private static Visualizer visualizer;

    private static ModelData model;

    private static List<SteeringStudy.Row> rows;

    private static String table;

    @BeforeAll
    static void runStudy() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        Path data = root.resolve("data");
        TinyDataDirectories.generatingModel(data, "tiny", 40);
        visualizer = Visualizer.open(data);
        model = visualizer.defaultModelData();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            rows = SteeringStudy.run(model, new SteeringStudy.Settings(2, NEIGHBORS, MASK_STEPS,
                    42), out);
        }
        table = bytes.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void close() {
        visualizer.close();
    }

    @Test
    void run_twoClassesThreeStrengths_oneRowPerGenerationAndATableLine() {
        assertEquals(2 * MASK_STEPS.length, rows.size());
        assertEquals(1 + rows.size(), table.lines().count(), table);
        for (int i = 0; i < rows.size(); i++) {
            SteeringStudy.Row row = rows.get(i);
            assertEquals(i / MASK_STEPS.length, row.sourceClass());
            assertEquals(1 - row.sourceClass(), row.conditionedClass());
            assertEquals(MASK_STEPS[i % MASK_STEPS.length], row.maskSteps());
            assertTrue(row.distanceToSource() >= 0);
        }
    }

    @Test
    void run_masksHeldForEveryStep_endIsTheProjectedGroupMean() throws Exception {
        FloatMatrix activations = model.activations().orElseThrow()
                .select(model.embeddingParameters().layers()).matrix();
        for (SteeringStudy.Row row : rows) {
            if (row.maskSteps() < model.config().defaultSteps()) {
                continue;
            }
            int first = model.samplesOfClass(row.sourceClass())[0];
            List<Integer> group = new ArrayList<>(List.of(first));
            model.mapNeighbors(first, NEIGHBORS).forEach(n -> group.add(n.index()));
            float[] mean = QuickStartTest.meanOfRows(activations, group);
            float[] expected = model.projection().transform(mean);
            assertEquals(expected[0], row.endX(), 1e-3);
            assertEquals(expected[1], row.endY(), 1e-3);
        }
    }

    @Test
    void run_maskOnFirstStep_changesTheImage() {
        SteeringStudy.Row unmasked = rows.get(0);
        SteeringStudy.Row masked = rows.get(1);
        assertEquals(0, unmasked.maskSteps());
        assertEquals(1, masked.maskSteps());
        assertFalse(samePixels(unmasked.image(), masked.image()));
    }

    @Test
    void write_rows_csvWithHeaderAndSheet() throws Exception {
        Path out = root.resolve("out");
        SteeringStudy.write(model, rows, MASK_STEPS.length, out);

        List<String> csv = Files.readAllLines(out.resolve("steering.csv"));
        assertEquals("source_class,conditioned_class,mask_steps,end_x,end_y,"
                + "distance_to_source,nearest_class", csv.get(0));
        assertEquals(rows.size() + 1, csv.size());
        assertTrue(csv.get(2).startsWith("0,1,1,"), csv.get(2));
        BufferedImage sheet = ImageIO.read(out.resolve("steering.png").toFile());
        assertNotNull(sheet);
        assertTrue(sheet.getWidth() >= MASK_STEPS.length * 96);
    }

    @Test
    void settings_oneClass_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SteeringStudy.Settings(1, 5, new int[] {0}, 42));
        assertTrue(e.getMessage().contains("at least 2 classes"), e.getMessage());
    }

    @Test
    void run_moreClassesThanTheModelHas_rejectedNamingTheModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SteeringStudy.run(model, new SteeringStudy.Settings(11, 1, new int[] {0},
                        42), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("'tiny' has 10 classes"), e.getMessage());
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
