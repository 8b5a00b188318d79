package io.github.diffviews.viz.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.figure.Figures;
import io.github.diffviews.figure.MapPlot;
import io.github.diffviews.notebook.Notebooks;
import io.github.diffviews.testing.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With this module's HTML writer on the class path, a map plot shows in a JJava notebook
 * (jjava-jupyter 1.0-a6's renderer) as the interactive figure; the first one of the JVM carries
 * Plotly.js and the later ones use it.
 */
class NotebookHtmlTest {

    @TempDir
    Path root;

    @Test
    void render_mapPlot_isInteractiveHtmlWithPlotlyOnlyTheFirstTime() throws IOException {
        ModelData model = ModelData.open(TestModels.model("dmd2").samples(15).writeUnder(root));
        MapPlot plot = Figures.map(model).select(2).suggest(2).width(500).height(400);
        Renderer renderer = new Renderer();
        Notebooks.register(renderer);

        DisplayData first = renderer.render(plot);
        DisplayData second = renderer.render(plot.highlightClass(1));

        String firstHtml = (String) first.getData(MIMEType.TEXT_HTML);
        String secondHtml = (String) second.getData(MIMEType.TEXT_HTML);
        assertTrue(firstHtml.contains("window.Plotly = Plotly;"), "the first carries Plotly.js");
        assertFalse(secondHtml.contains("window.Plotly = Plotly;"), "later ones reuse it");
        assertTrue(secondHtml.contains("data:image/png;base64,"), "a PNG where scripts don't run");
        assertTrue(secondHtml.contains("class_highlight"));
        assertFalse(second.hasDataForType(MIMEType.IMAGE_PNG), "the PNG is inside the HTML");
        assertEquals(plot.toString(), first.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void render_interactiveOff_showsAPng() {
        Renderer renderer = new Renderer();
        Notebooks.register(renderer);
        Notebooks.interactive(false);
        try {
            ModelData model = ModelData.open(TestModels.model("edm").samples(10)
                    .writeUnder(root));

            DisplayData data = renderer.render(Figures.map(model));

            assertFalse(data.hasDataForType(MIMEType.TEXT_HTML));
            assertTrue(data.hasDataForType(MIMEType.IMAGE_PNG));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            Notebooks.interactive(true);
        }
    }
}
