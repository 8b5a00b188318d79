package io.github.diffviews.viz.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.ModelData;
import io.github.diffviews.figure.Figures;
import io.github.diffviews.figure.HtmlFigureProvider;
import io.github.diffviews.figure.MapPlot;
import io.github.diffviews.spi.Backends;
import io.github.diffviews.testing.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotlyHtmlWriterTest {

    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"([^\"]+)\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path root;

    private MapPlot plot;

    @BeforeEach
    void prepare() throws IOException {
        ModelData model = ModelData.open(TestModels.model("dmd2").samples(25).writeUnder(root));
        plot = Figures.map(model).select(3).suggest(4).highlightClass(2).title("A <b>map</b>");
    }

    @Test
    void provider_isFoundThroughTheServiceLoader() {
        HtmlFigureProvider provider = Backends.load(HtmlFigureProvider.KIND).select();

        assertEquals("plotly", provider.name());
        assertEquals("3.3.1", ((PlotlyHtmlWriter) provider.get()).version());
    }

    @Test
    void toHtml_page_inlinesPlotlyAndTheFigure() throws IOException {
        String html = plot.toHtml();

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("plotly.js v3.3.1"), "the library's own header is inlined");
        assertTrue(html.contains("window.Plotly = Plotly;"), "the whole library is inlined");
        assertTrue(html.length() > 10_000_000, "Plotly.js is about 11 MB: " + html.length());
        assertTrue(html.contains("<title>A &lt;b&gt;map&lt;/b&gt;</title>"), "escaped title");
        assertTrue(html.contains("Plotly.newPlot('figure', figure.data, figure.layout"));
        Matcher data = DATA.matcher(html);
        assertTrue(data.find(), "the figure's JSON element");
        assertEquals("figure-data", data.group(1));
        assertTrue(sameFigure(plot.toJson(), new ObjectMapper().readTree(data.group(2))));
        assertFalse(data.group(2).contains("<"), "no '<' inside the JSON element");
    }

    @Test
    void toHtml_page_loadsNothingFromElsewhere() {
        String html = plot.toHtml();

        String outsideLibrary = withoutLibrary(html);
        assertFalse(outsideLibrary.contains("http:") || outsideLibrary.contains("https:"),
                "no URL outside the inlined library");
        assertFalse(html.matches("(?s).*<script[^>]*\\ssrc=.*"), "no external script");
        assertFalse(html.contains("<link"), "no linked stylesheet");
        assertFalse(html.contains("<iframe"), "no frame");
        assertEquals(3, count(html, "<script"), "library, figure data, drawing code");
    }

    @Test
    void toHtml_file_writesThePage() throws IOException {
        Path file = plot.toHtml(root.resolve("out/map.html"));

        String written = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(plot.toHtml(), written);
    }

    @Test
    void fragment_withoutLibrary_holdsTheFallbackImageAndTheFigure() throws IOException {
        PlotlyHtmlWriter writer = (PlotlyHtmlWriter) new PlotlyHtmlProvider().get();
        byte[] png = plot.toPngBytes();

        String fragment = writer.fragment(plot.toJson(), "fig-1", false, png);

        assertFalse(fragment.contains("window.Plotly = Plotly;"));
        assertTrue(fragment.contains("<div id=\"fig-1\"><img alt=\"DiffViews map\" "
                + "src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png)));
        assertTrue(fragment.contains("typeof window.Plotly === 'undefined'"),
                "the image stays where Plotly.js is missing");
        Matcher data = DATA.matcher(fragment);
        assertTrue(data.find());
        assertEquals("fig-1-data", data.group(1));
        assertTrue(sameFigure(plot.toJson(), new ObjectMapper().readTree(data.group(2))));
    }

    @Test
    void fragment_withLibrary_carriesPlotly() {
        PlotlyHtmlWriter writer = (PlotlyHtmlWriter) new PlotlyHtmlProvider().get();

        String fragment = writer.fragment(plot.toJson(), "fig-2", true, null);

        assertTrue(fragment.contains("window.Plotly = Plotly;"));
        assertFalse(fragment.contains("<img"));
    }

    @Test
    void fragment_unsafeElementId_isRefused() {
        PlotlyHtmlWriter writer = (PlotlyHtmlWriter) new PlotlyHtmlProvider().get();
        ObjectNode figure = plot.toJson();

        assertThrows(IllegalArgumentException.class,
                () -> writer.fragment(figure, "x\"><script>", false, null));
    }

    @Test
    void writer_libraryClosingItsScript_isRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new PlotlyHtmlWriter("0", "var s = '</SCRIPT>';"));
    }

    static boolean sameFigure(JsonNode expected, JsonNode parsed) {
        return expected.equals((a, b) -> a.isNumber() && b.isNumber()
                ? Double.compare(a.floatValue(), b.floatValue()) : a.equals(b) ? 0 : 1, parsed);
    }

    private static String withoutLibrary(String html) {
        int start = html.indexOf("/* plotly.js ");
        int end = html.indexOf("</script>", start);
        return html.substring(0, start) + html.substring(end);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
