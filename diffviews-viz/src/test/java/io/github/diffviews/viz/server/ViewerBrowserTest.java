package io.github.diffviews.viz.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.diffviews.Visualizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The page in real headless Chromium against a real server: loading offline, hover previews,
 * clicks, suggestions, generation through the PyTorch engine with its live trajectory and
 * frames, frame navigation, downloads, a viewport that stays where the user put it, tab
 * isolation, the model switch and the token. Each test runs in a tab of its own (a session of
 * its own); screenshots go to {@code target/screenshots/}.
 */
class ViewerBrowserTest {

    @TempDir
    static Path root;

    private static ViewerServer server;
    private static Browser browser;

    private String tab;

    @BeforeAll
    static void start() throws IOException {
        String missing = Browser.unavailable();
        Assumptions.assumeTrue(missing == null, "Browser tests skipped: " + missing);
        ViewerFixtures.generatingModel(root, "tiny", 60);
        ViewerFixtures.plainModel(root, "dmd2", 30);
        server = ViewerServer.builder(Visualizer.builder(root).defaultModel("tiny").open())
                .port(0).generationWorkers(2).start();
        browser = Browser.start(1280, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void openTab() {
        browser.driver.switchTo().newWindow(WindowType.TAB);
        tab = browser.driver.getWindowHandle();
        load(server.uri().toString());
    }

    @AfterEach
    void closeTab() {
        browser.driver.switchTo().window(tab);
        browser.driver.close();
        List<String> handles = List.copyOf(browser.driver.getWindowHandles());
        if (!handles.isEmpty()) {
            browser.driver.switchTo().window(handles.get(0));
        }
    }

    private void load(String url) {
        browser.driver.get(url);
        browser.waiting(60).until(d -> "true".equals(browser.js(
                "return document.body.dataset.ready || null")));
    }

    /* --- helpers reading the page --- */

    private List<String> traceNames() {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) browser.js(
                "return document.getElementById('map').data.map(t => t.name)");
        return names;
    }

    private int tracePoints(String name) {
        return ((Number) browser.js("const t = document.getElementById('map').data"
                + ".find(t => t.name === arguments[0]); return t ? t.x.length : -1", name))
                .intValue();
    }

    private List<Double> range(String axis) {
        @SuppressWarnings("unchecked")
        List<Number> range = (List<Number>) browser.js("return document.getElementById('map')"
                + ".layout." + axis + ".range");
        return range.stream().map(Number::doubleValue).toList();
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    private String data(String id, String key) {
        return (String) browser.js("return document.getElementById(arguments[0]).dataset["
                + "arguments[1]] || ''", id, key);
    }

    /** Pixel offsets from the map's centre of a point of a trace, for Actions. */
    private int[] offset(String trace, int point) {
        @SuppressWarnings("unchecked")
        List<Number> xy = (List<Number>) browser.js(
                "const gd = document.getElementById('map');"
                        + "const t = gd.data.find(t => t.name === arguments[0]);"
                        + "const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;"
                        + "const r = gd.getBoundingClientRect();"
                        + "return [xa._offset + xa.l2p(t.x[arguments[1]]) - r.width / 2,"
                        + " ya._offset + ya.l2p(t.y[arguments[1]]) - r.height / 2];",
                trace, point);
        return new int[] {(int) Math.round(xy.get(0).doubleValue()),
            (int) Math.round(xy.get(1).doubleValue())};
    }

    /** A sample whose nearest other sample is at least 12 px away on screen, and in view. */
    private int isolatedSample(int skip) {
        return ((Number) browser.js(
                "const gd = document.getElementById('map');"
                        + "const t = gd.data[0]; const xa = gd._fullLayout.xaxis,"
                        + " ya = gd._fullLayout.yaxis;"
                        + "const px = t.x.map(v => xa.l2p(v)), py = t.y.map(v => ya.l2p(v));"
                        + "let found = 0;"
                        + "for (let i = 0; i < px.length; i++) {"
                        + "  if (px[i] < 20 || py[i] < 20 || px[i] > xa._length - 20"
                        + "      || py[i] > ya._length - 20) continue;"
                        + "  let nearest = Infinity;"
                        + "  for (let j = 0; j < px.length; j++) if (j !== i)"
                        + "    nearest = Math.min(nearest, Math.hypot(px[i]-px[j], py[i]-py[j]));"
                        + "  if (nearest >= 12) { if (found === arguments[0]) return i; found++; }"
                        + "}"
                        + "return -1;", skip)).intValue();
    }

    private WebElement map() {
        return browser.driver.findElement(By.id("map"));
    }

    private void hover(String trace, int point) {
        int[] at = offset(trace, point);
        new Actions(browser.driver).moveToElement(map(), at[0] + 40, at[1] + 40)
                .moveToElement(map(), at[0], at[1]).perform();
    }

    /**
     * Hovers one point of a trace through Plotly itself, for points the mouse cannot single out
     * (trajectories of a random network often overlap). Plotly emits hover events only for an
     * event with a target, so the point list gets one.
     */
    private void hoverPoint(String trace, int point) {
        browser.js("const gd = document.getElementById('map');"
                + "const curve = gd.data.findIndex(t => t.name === arguments[0]);"
                + "const points = [{curveNumber: curve, pointNumber: arguments[1]}];"
                + "points.target = gd;"
                + "Plotly.Fx.hover(gd, points);",
                trace, point);
    }

    private void clickSample(int sample) {
        int[] at = offset("samples", sample);
        new Actions(browser.driver).moveToElement(map(), at[0], at[1]).click().perform();
        browser.waiting(10).until(d -> data("selected-info", "index").equals(
                String.valueOf(sample)) || tracePoints("manual_neighbors") >= 0);
    }

    private void select(int sample) {
        clickSample(sample);
        browser.waiting(10).until(d -> data("selected-info", "index").equals(
                String.valueOf(sample)));
    }

    private void generate(int steps) {
        WebElement input = browser.driver.findElement(By.id("steps"));
        input.clear();
        input.sendKeys(String.valueOf(steps));
        browser.driver.findElement(By.id("generate")).click();
        browser.waiting(120).until(d -> text("generation-status").contains("Final")
                || text("generation-status").toLowerCase().contains("fail"));
        assertTrue(text("generation-status").contains("Final"), text("generation-status"));
    }

    /* --- tests --- */

    @Test
    void page_loadsOffline_withEveryRequestOnTheServer() throws IOException {
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) browser.js("return performance.getEntriesByType("
                + "'resource').map(e => e.name).concat(performance.getEntriesByType("
                + "'navigation').map(e => e.name))");
        String origin = "http://127.0.0.1:" + server.port() + "/";

        assertTrue(resources.size() >= 4, resources.toString());
        for (String resource : resources) {
            assertTrue(resource.startsWith(origin) || resource.startsWith("blob:" + origin),
                    "left the server: " + resource);
        }
        assertTrue(resources.stream().anyMatch(r -> r.endsWith("/assets/plotly-3.3.1.js")));
        assertEquals(60, tracePoints("samples"));
        assertEquals("scattergl", browser.js("return document.getElementById('map').data[0]"
                + ".type"));
        assertTrue(browser.driver.findElement(By.id("model-picker")).isDisplayed(),
                "the model picker shows with two models");
        browser.screenshot("01-loaded");
    }

    @Test
    void layout_1280x720And1920x1080_keepsFixedHeightsAndNoSideScroll() throws IOException {
        try {
            for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
                browser.driver.manage().window().setSize(new Dimension(size[0], size[1]));
                browser.waiting(10).until(d -> ((Number) browser.js(
                        "return window.innerWidth")).intValue() <= size[0]);

                assertEquals(520L, browser.js("return Math.round(document.getElementById('map')"
                        + ".getBoundingClientRect().height)"), "map height at " + size[0]);
                assertEquals(Boolean.TRUE, browser.js("return document.documentElement"
                        + ".scrollWidth <= document.documentElement.clientWidth"),
                        "no horizontal scroll at " + size[0]);
                assertTrue(((Number) browser.js("return document.getElementById('map')"
                        + ".getBoundingClientRect().bottom")).doubleValue() < size[1],
                        "the whole map is visible at " + size[0] + "x" + size[1]);
                browser.screenshot("00-layout-" + size[0] + "x" + size[1]);
            }
        } finally {
            browser.driver.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    void hover_sample_showsItsPreviewWithoutSelecting() throws IOException {
        int sample = isolatedSample(0);

        hover("samples", sample);

        browser.waiting(10).until(d -> data("preview-info", "index").equals(
                String.valueOf(sample)));
        String info = text("preview-info");
        assertTrue(info.contains(String.format("sample_%06d", sample)), info);
        assertTrue(info.contains("Class: " + (sample % 10) + ": class_" + (sample % 10)), info);
        assertTrue(info.contains("noise 100.0 %"), info);
        assertTrue((Boolean) browser.js("const i = document.getElementById('preview-image');"
                + " return !i.hidden && i.complete && i.naturalWidth === 16"));
        assertEquals("", data("selected-info", "index"));
        assertFalse(traceNames().contains("selected"));
        browser.screenshot("02-hover");
    }

    @Test
    void click_selectsAndSuggestAddsRingsAndGallery() throws IOException {
        int sample = isolatedSample(1);

        select(sample);
        assertEquals(1, tracePoints("selected"));
        assertTrue(text("selected-info").contains(String.format("sample_%06d", sample)));

        WebElement k = browser.driver.findElement(By.id("k"));
        k.clear();
        k.sendKeys("5");
        browser.driver.findElement(By.id("suggest")).click();
        browser.waiting(10).until(d -> tracePoints("knn_neighbors") == 5);

        List<WebElement> gallery = browser.driver.findElements(
                By.cssSelector("#neighbor-gallery figure"));
        assertEquals(5, gallery.size());
        for (WebElement figure : gallery) {
            assertTrue(figure.getText().matches("\\d+: class_\\d+ \\(d=\\d+\\.\\d\\d\\)"),
                    figure.getText());
        }
        assertEquals("5 neighbors (5 KNN, 0 manual)", text("neighbor-summary"));

        int other = isolatedSample(2);
        clickSample(other);
        browser.waiting(10).until(d -> tracePoints("manual_neighbors") == 1
                || tracePoints("knn_neighbors") == 4);
        assertEquals(String.valueOf(sample), data("selected-info", "index"),
                "a click on another point toggles it, never moves the selection");
        browser.screenshot("03-suggest");
    }

    @Test
    void suggest_kAboveTwenty_isClampedWithANote() {
        select(isolatedSample(0));
        WebElement k = browser.driver.findElement(By.id("k"));
        k.clear();
        k.sendKeys("50");

        browser.driver.findElement(By.id("suggest")).click();

        browser.waiting(10).until(d -> tracePoints("knn_neighbors") == 20);
        assertEquals("20", k.getAttribute("value"));
        assertTrue(text("status").contains("(max 20)"), text("status"));
    }

    @Test
    void generate_drawsTheTrajectoryFillsTheFramesAndNavigates() throws IOException {
        select(isolatedSample(0));
        browser.driver.findElement(By.id("suggest")).click();
        browser.waiting(10).until(d -> tracePoints("knn_neighbors") == 5);

        generate(5);

        assertEquals(5, tracePoints("trajectory_0"));
        assertEquals(5, tracePoints("trajectory_line_0"));
        assertEquals(1, tracePoints("traj_start_0"));
        assertEquals(1, tracePoints("traj_end_0"));
        List<WebElement> frames = browser.driver.findElements(
                By.cssSelector("#frames-gallery figure"));
        assertEquals(5, frames.size());
        assertTrue(frames.get(2).getText().matches("\\d+: class_\\d+ \\| Step 3/5 \\| σ=[0-9.]+"),
                frames.get(2).getText());
        assertTrue(text("frame-label").endsWith("| 5 steps"), text("frame-label"));
        browser.waiting(10).until(d -> (Boolean) browser.js("const i = document"
                + ".getElementById('output-image'); return !i.hidden && i.complete"
                + " && i.naturalWidth === 16"));
        browser.screenshot("04-generated");

        WebElement next = browser.driver.findElement(By.id("next-frame"));
        WebElement previous = browser.driver.findElement(By.id("prev-frame"));
        next.click();
        assertTrue(text("frame-label").contains("Step 1/5"), text("frame-label"));
        next.click();
        assertTrue(text("frame-label").contains("Step 2/5"), text("frame-label"));
        previous.click();
        previous.click();
        assertTrue(text("frame-label").contains("Step 5/5"), "◀ from the first step wraps: "
                + text("frame-label"));
        next.click();
        assertTrue(text("frame-label").contains("Step 1/5"), "▶ from the last step wraps: "
                + text("frame-label"));
        frames.get(3).click();
        assertTrue(text("frame-label").contains("Step 4/5"), text("frame-label"));
        assertEquals("true", browser.js("return String(document.querySelectorAll("
                + "'#frames-gallery figure')[3].classList.contains('current'))"));

        // A sample may sit exactly under a step (the projection places new rows among the
        // samples), so the samples are hidden while the mouse hovers the trajectory's end.
        browser.asyncJs("const done = arguments[arguments.length - 1];"
                + "Plotly.restyle(document.getElementById('map'), {visible: false}, [0])"
                + ".then(() => done(true));");
        hover("traj_end_0", 0);
        browser.waiting(10).until(d -> data("preview-info", "index").startsWith("t0:"));
        assertTrue(text("preview-info").startsWith("Traj 1 · Step "), text("preview-info"));
        browser.asyncJs("const done = arguments[arguments.length - 1];"
                + "Plotly.restyle(document.getElementById('map'), {visible: true}, [0])"
                + ".then(() => done(true));");
        hoverPoint("trajectory_0", 1);
        browser.waiting(10).until(d -> data("preview-info", "index").equals("t0:2"));
        assertTrue(text("preview-info").contains("Traj 1 · Step 2/5"), text("preview-info"));
        hoverPoint("traj_end_0", 0);
        browser.waiting(10).until(d -> data("preview-info", "index").equals("t0:5"));
        browser.screenshot("05-frame-hover");

        browser.driver.findElement(By.id("download")).click();
        Path downloaded = browser.downloads.resolve("traj1-step4.png");
        browser.waiting(10).until(d -> Files.exists(downloaded));
        assertTrue(Files.size(downloaded) > 50);

        browser.driver.findElement(By.id("clear-trajectories")).click();
        browser.waiting(10).until(d -> !traceNames().contains("trajectory_0"));
        assertEquals(0, browser.driver.findElements(By.cssSelector("#frames-gallery figure"))
                .size());
        assertEquals("No generation yet", text("frame-label"));
    }

    @Test
    void generate_twice_keepsBothTrajectoriesAndTheirFrames() {
        select(isolatedSample(1));
        generate(3);
        generate(4);

        assertEquals(3, tracePoints("trajectory_0"));
        assertEquals(4, tracePoints("trajectory_1"));
        Select trajectories = new Select(browser.driver.findElement(By.id("trajectory-select")));
        assertEquals(2, trajectories.getOptions().size());
        trajectories.selectByIndex(0);
        assertEquals(3, browser.driver.findElements(By.cssSelector("#frames-gallery figure"))
                .size());

        hoverPoint("trajectory_0", 1);
        browser.waiting(10).until(d -> data("preview-info", "index").equals("t0:2"));
        assertTrue(text("preview-info").contains("Step 2/3"), text("preview-info"));
        hoverPoint("traj_end_1", 0);
        browser.waiting(10).until(d -> data("preview-info", "index").equals("t1:4"));
        hoverPoint("traj_start_0", 0);
        browser.waiting(10).until(d -> data("preview-info", "index").equals("t0:1"));
        hoverPoint("trajectory_0", 2);
        browser.waiting(10).until(d -> data("preview-info", "index").equals("t0:3"));
        assertTrue(text("preview-info").contains("Step 3/3"), text("preview-info"));
    }

    @Test
    void viewport_staysWhereTheUserPutIt_throughClickSuggestAndGenerate() throws IOException {
        List<Double> fullX = range("xaxis");
        List<Double> fullY = range("yaxis");
        double spanX = fullX.get(1) - fullX.get(0);
        double spanY = fullY.get(1) - fullY.get(0);
        List<Double> zoomX = List.of(fullX.get(0) + 0.1 * spanX, fullX.get(1) - 0.15 * spanX);
        List<Double> zoomY = List.of(fullY.get(0) + 0.05 * spanY, fullY.get(1) - 0.1 * spanY);
        browser.asyncJs("const done = arguments[arguments.length - 1];"
                + "Plotly.relayout(document.getElementById('map'), {'xaxis.range': arguments[0],"
                + " 'yaxis.range': arguments[1]}).then(() => done(true));", zoomX, zoomY);
        assertEquals(zoomX, range("xaxis"));

        select(isolatedSample(0));
        assertEquals(zoomX, range("xaxis"), "after a click");
        browser.driver.findElement(By.id("suggest")).click();
        browser.waiting(10).until(d -> tracePoints("knn_neighbors") == 5);
        assertEquals(zoomX, range("xaxis"), "after suggest");
        new Select(browser.driver.findElement(By.id("class-select"))).selectByIndex(2);
        browser.waiting(10).until(d -> tracePoints("class_highlight") > 0);
        hover("samples", isolatedSample(1));
        generate(3);
        assertEquals(zoomX, range("xaxis"), "after generate");
        assertEquals(zoomY, range("yaxis"), "after generate");

        new Actions(browser.driver).moveToElement(map(), -150, -100).clickAndHold()
                .moveByOffset(120, 90).release().perform();
        browser.waiting(10).until(d -> !range("xaxis").equals(zoomX));
        List<Double> dragged = range("xaxis");
        browser.driver.findElement(By.id("clear-neighbors")).click();
        browser.waiting(10).until(d -> tracePoints("knn_neighbors") == -1);
        assertEquals(dragged, range("xaxis"), "a zoom by mouse survives an overlay change");
        browser.screenshot("06-viewport-kept");
    }

    @Test
    void tabs_twoTabs_stayIsolated() {
        int first = isolatedSample(0);
        select(first);
        String firstSession = (String) browser.js("return window.diffviews.session()");

        browser.driver.switchTo().newWindow(WindowType.TAB);
        String second = browser.driver.getWindowHandle();
        load(server.uri().toString());
        String secondSession = (String) browser.js("return window.diffviews.session()");
        assertNotEquals(firstSession, secondSession);
        assertEquals("", data("selected-info", "index"));
        assertFalse(traceNames().contains("selected"));
        int other = isolatedSample(1);
        select(other);

        browser.driver.switchTo().window(tab);
        browser.driver.navigate().refresh();
        browser.waiting(60).until(d -> "true".equals(browser.js(
                "return document.body.dataset.ready || null")));
        assertEquals(firstSession, browser.js("return window.diffviews.session()"));
        assertEquals(String.valueOf(first), data("selected-info", "index"));

        browser.driver.switchTo().window(second);
        assertEquals(String.valueOf(other), data("selected-info", "index"));
        browser.driver.close();
        browser.driver.switchTo().window(tab);
    }

    @Test
    void model_switch_resetsTheViewAndTheSession() {
        select(isolatedSample(0));
        Select models = new Select(browser.driver.findElement(By.id("model-select")));

        models.selectByValue("dmd2");

        browser.waiting(30).until(d -> tracePoints("samples") == 30);
        assertEquals("dmd2", browser.js("return document.getElementById('map').layout"
                + ".uirevision"));
        assertEquals("", data("selected-info", "index"));
        assertTrue(text("generation-status").contains("Generation unavailable"),
                text("generation-status"));
        assertFalse(browser.driver.findElement(By.id("generate")).isEnabled());
    }

    @Test
    void export_session_downloadsItsJson() throws IOException {
        select(isolatedSample(0));
        browser.driver.findElement(By.id("suggest")).click();
        browser.waiting(10).until(d -> tracePoints("knn_neighbors") == 5);

        browser.driver.findElement(By.id("export")).click();

        Path exported = browser.downloads.resolve("diffviews-session.json");
        browser.waiting(10).until(d -> Files.exists(exported));
        JsonNode json = Http.JSON.readTree(exported.toFile());
        Files.delete(exported);
        assertEquals("tiny", json.get("model").asText());
        assertEquals(5, json.get("suggestedNeighbors").size());
    }

    @Test
    void token_fromQuery_isKeptAndRemovedFromTheAddress() throws IOException {
        try (ViewerServer guarded = ViewerServer.builder(Visualizer.open(root.resolve("dmd2")))
                .port(0).token("browser-token-1").start()) {
            load(guarded.browserUri().toString());

            assertFalse(browser.driver.getCurrentUrl().contains("token"),
                    browser.driver.getCurrentUrl());
            assertEquals(30, tracePoints("samples"));
        }
    }

    @Test
    void token_missing_isAskedFor() throws IOException {
        try (ViewerServer guarded = ViewerServer.builder(Visualizer.open(root.resolve("dmd2")))
                .port(0).token("browser-token-2").start()) {
            browser.driver.get(guarded.uri().toString());
            WebElement dialog = browser.driver.findElement(By.id("token-dialog"));
            browser.waiting(30).until(d -> dialog.isDisplayed());
            browser.driver.findElement(By.id("token-input")).sendKeys("browser-token-2");
            browser.driver.findElement(By.cssSelector("#token-form button")).click();

            browser.waiting(60).until(d -> "true".equals(browser.js(
                    "return document.body.dataset.ready || null")));
            assertEquals(30, tracePoints("samples"));
        }
    }
}
