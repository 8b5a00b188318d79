package io.github.diffviews.viz.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.figure.Figures;
import io.github.diffviews.figure.MapPlot;
import io.github.diffviews.testing.TestModels;
import io.github.diffviews.viz.server.Browser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a written page from the file system in headless Chromium, which has its background
 * networking off: Plotly draws every trace, and the page requested no resource at all.
 */
class FigurePageBrowserTest {

    @TempDir
    Path root;

    @Test
    void page_fromTheFileSystem_drawsEveryTraceWithoutFetchingAnything() throws Exception {
        String missing = Browser.unavailable();
        Assumptions.assumeTrue(missing == null, "Browser test skipped: " + missing);
        ModelData model = ModelData.open(TestModels.model("dmd2").samples(40).writeUnder(root));
        MapPlot plot = Figures.map(model).select(5).suggest(3).highlightClass(1).width(700)
                .height(500);
        Path page = plot.toHtml(root.resolve("map.html"));

        try (Browser browser = Browser.start(900, 700)) {
            browser.driver.get(page.toUri().toString());
            browser.waiting(60).until(driver -> Boolean.TRUE.equals(browser.js(
                    "var gd = document.getElementById('figure');"
                    + "return !!(gd && gd._fullData && gd._fullData.length > 0);")));

            List<?> names = (List<?>) browser.js("return document.getElementById('figure')"
                    + "._fullData.map(function (t) { return t.name; });");
            assertEquals(List.of("samples", "class_highlight", "knn_neighbors", "selected"),
                    names);
            assertEquals(40L, browser.js("return document.getElementById('figure')"
                    + "._fullData[0].x.length;"));
            assertTrue((Long) browser.js("return document.querySelectorAll('.main-svg')"
                    + ".length;") > 0, "the plot's SVG layers are drawn");
            assertEquals(0L, browser.js("return performance.getEntriesByType('resource')"
                    + ".length;"), "no resource was requested");
        }
    }
}
