package io.github.diffviews.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.generation.FakeDenoiser;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.GenerationStep;
import io.github.diffviews.generation.MultistepGenerator;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactSheetTest {

    @TempDir
    Path root;

    @Test
    void toImage_sevenImagesInThreeColumns_laysOutAThreeByThreeGrid() {
        List<BufferedImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            images.add(solid(16, 16, new Color(30 * i, 200 - 20 * i, 100)));
            captions.add("image " + i);
        }

        ContactSheet sheet = Figures.images(images, captions).columns(3).cellSize(64);
        BufferedImage drawn = sheet.toImage();

        assertEquals(3, sheet.rows());
        assertEquals(ContactSheet.GAP + 3 * (64 + ContactSheet.GAP), drawn.getWidth());
        for (int i = 0; i < 7; i++) {
            int[] origin = sheet.cellOrigin(i);
            assertEquals(ContactSheet.GAP + (i % 3) * (64 + ContactSheet.GAP), origin[0]);
            assertEquals(images.get(i).getRGB(0, 0), drawn.getRGB(origin[0] + 32,
                    origin[1] + 32), "centre of image " + i);
            assertEquals(images.get(i).getRGB(0, 0), drawn.getRGB(origin[0], origin[1]),
                    "the 16-pixel image fills its 64-pixel cell");
            assertTrue(darkPixels(drawn, origin[0], origin[1] + 64, origin[0] + 64,
                    origin[1] + 64 + 14) > 5, "caption of image " + i);
        }
        int[] last = sheet.cellOrigin(6);
        assertTrue(drawn.getHeight() > last[1] + 64, "room for the last caption");
        assertEquals(Color.WHITE.getRGB(), drawn.getRGB(sheet.cellOrigin(2)[0] + 32,
                last[1] + 32), "the cell after the last image stays empty");
    }

    @Test
    void toImage_wideImage_isCentredInItsCell() {
        BufferedImage wide = solid(40, 10, Color.BLUE);

        ContactSheet sheet = Figures.images(List.of(wide), List.of("")).cellSize(80);
        BufferedImage drawn = sheet.toImage();

        int[] origin = sheet.cellOrigin(0);
        assertEquals(Color.BLUE.getRGB(), drawn.getRGB(origin[0] + 40, origin[1] + 40));
        assertEquals(Color.WHITE.getRGB(), drawn.getRGB(origin[0] + 40, origin[1] + 5),
                "letterbox above the image");
    }

    @Test
    void of_generation_captionsEveryStepAsTheViewerDoes() {
        Generation generation = MultistepGenerator.builder().steps(3).sigmaRange(80, 0.5)
                .classLabel(7).seed(3).build().generate(FakeDenoiser.shrinking());

        ContactSheet sheet = ContactSheet.of(generation, 0, id -> "sneaker");

        List<GenerationStep> frames = generation.frames();
        assertEquals(List.of(
                String.format(java.util.Locale.ROOT, "7: sneaker | Step 1/3 | σ=%.1f",
                        frames.get(0).sigma()),
                String.format(java.util.Locale.ROOT, "7: sneaker | Step 2/3 | σ=%.1f",
                        frames.get(1).sigma()),
                String.format(java.util.Locale.ROOT, "7: sneaker | Step 3/3 | σ=%.1f",
                        frames.get(2).sigma())), sheet.captions());
        assertEquals("7: sneaker | Step 1/3 | σ=80.0", sheet.captions().get(0));
        BufferedImage composite = frames.get(1).composite(0);
        assertEquals(composite.getRGB(15, 15), sheet.images().get(1).getRGB(15, 15));
    }

    @Test
    void of_unconditionedGeneration_saysNoClass() {
        Generation generation = MultistepGenerator.builder().steps(2).sigmaRange(80, 0.5)
                .noClass().seed(3).build().generate(FakeDenoiser.shrinking());

        assertTrue(Figures.frames(generation).captions().get(0).startsWith("no class | Step 1/2"));
    }

    @Test
    void toPng_writesTheSheet() throws IOException {
        ContactSheet sheet = Figures.images(List.of(solid(8, 8, Color.RED)), List.of("red"))
                .title("One image");

        BufferedImage read = ImageIO.read(sheet.toPng(root.resolve("sheet.png")).toFile());

        assertEquals(sheet.toImage().getWidth(), read.getWidth());
        assertEquals(sheet.toImage().getHeight(), read.getHeight());
    }

    @Test
    void of_mismatchedCaptions_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.of(
                List.of(solid(4, 4, Color.RED)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.of(List.of(),
                List.of()));
        assertThrows(IllegalArgumentException.class, () -> Figures.images(
                List.of(solid(4, 4, Color.RED)), List.of("a")).columns(0));
    }

    private static BufferedImage solid(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, color.getRGB());
            }
        }
        return image;
    }

    private static int darkPixels(BufferedImage image, int x0, int y0, int x1, int y1) {
        int count = 0;
        for (int y = y0; y < Math.min(y1, image.getHeight()); y++) {
            for (int x = x0; x < x1; x++) {
                Color color = new Color(image.getRGB(x, y));
                if (color.getRed() + color.getGreen() + color.getBlue() < 450) {
                    count++;
                }
            }
        }
        return count;
    }
}
