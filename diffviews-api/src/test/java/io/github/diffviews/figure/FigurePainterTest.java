package io.github.diffviews.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.ModelData;
import io.github.diffviews.session.Trajectory;
import io.github.diffviews.session.TrajectoryPoint;
import io.github.diffviews.tensor.FloatMatrix;
import io.github.diffviews.testing.TestModels;
import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigurePainterTest {

    private static final int WIDTH = 800;

    private static final int HEIGHT = 600;

    @TempDir
    Path root;

    private ModelData model;

    private FloatMatrix coordinates;

    @BeforeEach
    void openModel() throws IOException {
        model = ModelData.open(TestModels.model("dmd2").samples(40).classes(4)
                .writeUnder(root));
        coordinates = model.coordinates().orElseThrow();
    }

    @Test
    void paint_runsHeadless() {
        assertTrue(GraphicsEnvironment.isHeadless(), "the tests run with java.awt.headless");

        BufferedImage image = Figures.map(model).width(WIDTH).height(HEIGHT).toImage();

        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        assertEquals(Color.WHITE.getRGB(), image.getRGB(WIDTH - 2, HEIGHT - 2));
    }

    @Test
    void paint_isolatedSamples_haveTheirClassColourAtTheirCentre() {
        MapPlot plot = Figures.map(model).width(WIDTH).height(HEIGHT);
        ObjectNode figure = plot.toJson();
        FigurePainter.PlotArea area = FigurePainter.area(figure, WIDTH, HEIGHT);
        BufferedImage image = plot.toImage();
        ClassColors colors = ClassColors.of(List.of(0, 1, 2, 3));

        int checked = 0;
        for (int row = 0; row < model.size(); row++) {
            double[] pixel = pixel(area, row);
            if (!isolated(area, row, 8)) {
                continue;
            }
            Color expected = blend(FigurePainter.color(colors.color(row % 4)), 0.7);
            assertColor(expected, image, pixel[0], pixel[1], 3, "sample " + row);
            checked++;
        }
        assertTrue(checked >= 10, "only " + checked + " isolated samples to check");
    }

    @Test
    void paint_selection_drawsARedRingAroundTheSample() {
        int sample = firstIsolated(22);
        MapPlot plot = Figures.map(model).width(WIDTH).height(HEIGHT).select(sample);
        FigurePainter.PlotArea area = FigurePainter.area(plot.toJson(), WIDTH, HEIGHT);
        BufferedImage image = plot.toImage();

        double[] centre = pixel(area, sample);
        assertColor(new Color(255, 0, 0), image, centre[0] + 8, centre[1], 40, "ring, right");
        assertColor(new Color(255, 0, 0), image, centre[0], centre[1] - 8, 40, "ring, top");
        assertColor(new Color(255, 255, 255), image, centre[0] + 12, centre[1], 25,
                "outside the ring");
    }

    @Test
    void paint_classHighlight_coversTheClassInYellow() {
        MapPlot plot = Figures.map(model).width(WIDTH).height(HEIGHT).highlightClass(1);
        FigurePainter.PlotArea area = FigurePainter.area(plot.toJson(), WIDTH, HEIGHT);
        BufferedImage image = plot.toImage();

        int checked = 0;
        for (int sample : model.samplesOfClass(1)) {
            if (isolated(area, sample, 12)) {
                double[] centre = pixel(area, sample);
                assertColor(new Color(255, 255, 0), image, centre[0], centre[1], 3,
                        "highlighted sample " + sample);
                checked++;
            }
        }
        assertTrue(checked > 0, "no isolated sample of class 1");
    }

    @Test
    void paint_trajectory_drawsItsDashedLineAndEndMarkers() {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        for (int row = 0; row < model.size(); row++) {
            minX = Math.min(minX, coordinates.get(row, 0));
            minY = Math.min(minY, coordinates.get(row, 1));
        }
        List<TrajectoryPoint> points = new ArrayList<>();
        double startX = minX - 10;
        double startY = minY - 10;
        points.add(new TrajectoryPoint(0, startX, startY, Double.NaN, 80, 100));
        points.add(new TrajectoryPoint(1, startX + 20, startY, Double.NaN, 0.5, 52));
        MapPlot plot = Figures.map(model).width(WIDTH).height(HEIGHT)
                .trajectory(new Trajectory(points, 2, "class_2"));
        FigurePainter.PlotArea area = FigurePainter.area(plot.toJson(), WIDTH, HEIGHT);
        BufferedImage image = plot.toImage();

        double x0 = area.pixelX(startX);
        double x1 = area.pixelX(startX + 20);
        double y = area.pixelY(startY);
        assertTrue(x1 - x0 > 100, "the segment spans " + (x1 - x0) + " pixels");
        assertColor(new Color(0, 255, 0), image, x0 + 18 * 2 + 4.5, y, 40, "a dash");
        assertColor(Color.WHITE, image, x0 + 18 * 2 + 13.5, y, 25, "a gap between dashes");
        assertColor(new Color(0, 255, 0), image, x0, y, 3, "the start diamond");
        assertColor(new Color(0x22, 0x8B, 0x22), image, x1, y, 3, "the end star");
    }

    @Test
    void paint_titleAndTickLabels_areDrawnInTheMargins() {
        BufferedImage image = Figures.map(model).width(WIDTH).height(HEIGHT).title("A map")
                .toImage();

        assertTrue(darkPixels(image, 0, 0, WIDTH, FigurePainter.TOP) > 20, "title");
        assertTrue(darkPixels(image, 0, FigurePainter.TOP, FigurePainter.LEFT,
                HEIGHT - FigurePainter.BOTTOM) > 50, "y tick labels and axis title");
        assertTrue(darkPixels(image, FigurePainter.LEFT, HEIGHT - FigurePainter.BOTTOM, WIDTH,
                HEIGHT) > 50, "x tick labels and axis title");
    }

    @Test
    void tickStep_roundsToOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(2.0, FigurePainter.tickStep(10), 1e-12);
        assertEquals(0.05, FigurePainter.tickStep(0.3), 1e-12);
        assertEquals(50.0, FigurePainter.tickStep(250), 1e-12);
        assertEquals(1000.0, FigurePainter.tickStep(5500), 1e-12);
    }

    @Test
    void color_unknownName_isRefusedNamingIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> FigurePainter.color("chartreuse"));

        assertTrue(error.getMessage().contains("chartreuse"), error.getMessage());
        assertEquals(new Color(0, 0, 0, 0), FigurePainter.color("rgba(0,0,0,0)"));
        assertEquals(new Color(0x12, 0x34, 0x56), FigurePainter.color("#123456"));
    }

    @Test
    void paint_tooSmall_isRefused() {
        ObjectNode figure = Figures.map(model).toJson();

        assertThrows(IllegalArgumentException.class, () -> FigurePainter.paint(figure, 90, 90));
    }

    private int firstIsolated(double pixels) {
        ObjectNode figure = Figures.map(model).width(WIDTH).height(HEIGHT).toJson();
        FigurePainter.PlotArea area = FigurePainter.area(figure, WIDTH, HEIGHT);
        for (int row = 0; row < model.size(); row++) {
            if (isolated(area, row, pixels)) {
                return row;
            }
        }
        throw new AssertionError("no isolated sample");
    }

    private double[] pixel(FigurePainter.PlotArea area, int row) {
        return new double[] {area.pixelX(coordinates.get(row, 0)),
            area.pixelY(coordinates.get(row, 1))};
    }

    private boolean isolated(FigurePainter.PlotArea area, int row, double pixels) {
        double[] a = pixel(area, row);
        for (int other = 0; other < model.size(); other++) {
            if (other != row) {
                double[] b = pixel(area, other);
                if (Math.hypot(a[0] - b[0], a[1] - b[1]) < pixels) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Color blend(Color color, double opacity) {
        return new Color(mix(color.getRed(), opacity), mix(color.getGreen(), opacity),
                mix(color.getBlue(), opacity));
    }

    private static int mix(int channel, double opacity) {
        return (int) Math.round(channel * opacity + 255 * (1 - opacity));
    }

    private static void assertColor(Color expected, BufferedImage image, double x, double y,
            int tolerance, String what) {
        Color actual = new Color(image.getRGB((int) Math.floor(x), (int) Math.floor(y)));
        int difference = Math.max(Math.abs(actual.getRed() - expected.getRed()),
                Math.max(Math.abs(actual.getGreen() - expected.getGreen()),
                        Math.abs(actual.getBlue() - expected.getBlue())));
        assertTrue(difference <= tolerance, what + ": expected " + expected + " at (" + x + ", "
                + y + "), found " + actual);
    }

    private static int darkPixels(BufferedImage image, int x0, int y0, int x1, int y1) {
        int count = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                Color color = new Color(image.getRGB(x, y));
                if (color.getRed() + color.getGreen() + color.getBlue() < 300) {
                    count++;
                }
            }
        }
        return count;
    }
}
