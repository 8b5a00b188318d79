package io.github.diffviews.viz.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.Visualizer;
import io.github.diffviews.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Measures the viewer; not a test. Run it with {@code diffviews-viz/scripts/measure-viewer.sh}.
 *
 * <ol>
 *   <li><b>Large map in the browser.</b> A model of 100,000 samples (16 classes) is drawn in
 *       headless Chromium: the time from navigation start until the map is drawn and its events
 *       are bound (first visit, then with Plotly cached), the latency of hover previews (from
 *       the moment the preview's requests start, after the 100 ms debounce, until the image and
 *       details are shown; and from the hover event itself), and of a click's overlay
 *       update.</li>
 *   <li><b>Load.</b> Simulated users explore and generate at once on loopback against a model
 *       with a real (tiny, random) network on the PyTorch engine, with the server's default
 *       CPU pool (1 worker, 2 waiting): hovers (details and image), clicks, suggestions, class
 *       highlights, generations read to their last event, frames, clears. Reports the latency
 *       of each endpoint (median, p95, max), errors, busy refusals and finished
 *       generations.</li>
 * </ol>
 * Results are printed and written to {@code target/measurements/viewer.json}.
 */
public final class ViewerMeasurements {

    /** What a click changes: the selection, or the overlays drawn. */
    private static final String STATE_KEY = "const gd = document.getElementById('map');"
            + " return (document.getElementById('selected-info').dataset.index || '') + '/'"
            + " + gd.data.map(t => t.name + ':' + t.x.length).join(',');";

    private final Path data;
    private final int points;
    private final int users;
    private final int seconds;
    private final ObjectNode results = Http.JSON.createObjectNode();

    private ViewerMeasurements(Path data, int points, int users, int seconds) {
        this.data = data;
        this.points = points;
        this.users = users;
        this.seconds = seconds;
    }

    /**
     * Runs the measurements.
     *
     * @param args {@code [--points N] [--users N] [--seconds N] [--skip-browser]
     *     [--skip-load] [--data DIR]}
     * @throws Exception if a measurement cannot run
     */
    public static void main(String[] args) throws Exception {
        Path data = Path.of("target", "measure-data");
        int points = 100_000;
        int users = 20;
        int seconds = 120;
        boolean browser = true;
        boolean load = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--points" -> points = Integer.parseInt(args[++i]);
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--skip-browser" -> browser = false;
                case "--skip-load" -> load = false;
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        ViewerMeasurements measurements = new ViewerMeasurements(data, points, users, seconds);
        measurements.results.put("machine", Runtime.getRuntime().availableProcessors()
                + " processors, Java " + System.getProperty("java.version"));
        if (browser) {
            measurements.largeMap();
        }
        if (load) {
            measurements.load();
        }
        Path out = Files.createDirectories(Path.of("target", "measurements"))
                .resolve("viewer.json");
        Files.writeString(out, Http.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(measurements.results));
        System.out.println("Written " + out.toAbsolutePath());
        System.exit(0);
    }

    /* --- the large map in the browser --- */

    private void largeMap() throws Exception {
        String unavailable = Browser.unavailable();
        if (unavailable != null) {
            System.out.println("Browser measurement skipped: " + unavailable);
            return;
        }
        Path model = data.resolve("map-" + points).resolve("large");
        if (!Files.isRegularFile(model.resolve("config.json"))) {
            long started = System.nanoTime();
            System.out.println("Writing a " + points + "-sample model to " + model + " …");
            TestModels.model("large").samples(points).classes(16).imageSize(16)
                    .layers(Map.of("encoder_bottleneck", 4, "midblock", 4))
                    .writeUnder(model.getParent());
            System.out.printf(Locale.ROOT, "  written in %.1f s%n", seconds(started));
        }

        ObjectNode result = results.putObject("largeMap");
        result.put("points", points);
        try (ViewerServer server = ViewerServer.builder(Visualizer.open(model)).port(0).start();
                Browser browser = Browser.start(1280, 900)) {
            List<Double> ready = new ArrayList<>();
            List<Double> plotly = new ArrayList<>();
            for (int visit = 0; visit < 4; visit++) {
                browser.driver.get(server.uri().toString());
                browser.waiting(120).until(d -> "true".equals(browser.js(
                        "return document.body.dataset.ready || null")));
                ready.add(number(browser.js("return window.diffviews.stats().readyAt")));
                plotly.add(number(browser.js("return window.diffviews.stats().plotlyAt")));
                check(browser.js("return document.getElementById('map').data[0].x.length"),
                        points);
            }
            result.put("interactiveFirstVisitMs", ready.get(0));
            result.put("interactiveCachedMedianMs", median(ready.subList(1, ready.size())));
            result.put("plotlyReadyFirstVisitMs", plotly.get(0));
            result.put("plotlyReadyCachedMedianMs", median(plotly.subList(1, plotly.size())));
            result.put("newPlotMs", number(browser.js(
                    "return window.diffviews.stats().interactiveMs")));
            System.out.printf(Locale.ROOT, "%,d-point map interactive: first visit %.0f ms, "
                    + "Plotly cached %.0f ms (median of 3); Plotly.js itself ready after %.0f ms "
                    + "and %.0f ms%n", points, ready.get(0),
                    median(ready.subList(1, ready.size())), plotly.get(0),
                    median(plotly.subList(1, plotly.size())));

            List<Double> preview = new ArrayList<>();
            List<Double> hoverToPreview = new ArrayList<>();
            WebElement map = browser.driver.findElement(By.id("map"));
            @SuppressWarnings("unchecked")
            List<Number> area = (List<Number>) browser.js("const gd = document.getElementById("
                    + "'map'); const r = gd.getBoundingClientRect(); const xa = gd._fullLayout"
                    + ".xaxis, ya = gd._fullLayout.yaxis; return [xa._offset - r.width / 2,"
                    + " xa._length, ya._offset - r.height / 2, ya._length];");
            SplittableRandom random = new SplittableRandom(5);
            int misses = 0;
            for (int i = 0; i < 40; i++) {
                int before = (int) number(browser.js(
                        "return window.diffviews.stats().previewCount"));
                int x = (int) (area.get(0).doubleValue() + area.get(1).doubleValue()
                        * (0.1 + 0.8 * random.nextDouble()));
                int y = (int) (area.get(2).doubleValue() + area.get(3).doubleValue()
                        * (0.1 + 0.8 * random.nextDouble()));
                new Actions(browser.driver).moveToElement(map, x, y).perform();
                try {
                    browser.waiting(3).until(d -> number(browser.js(
                            "return window.diffviews.stats().previewCount")) > before);
                } catch (org.openqa.selenium.TimeoutException e) {
                    misses++;
                    continue;
                }
                preview.add(number(browser.js("return window.diffviews.stats().lastPreviewMs")));
                hoverToPreview.add(number(browser.js(
                        "return window.diffviews.stats().lastHoverToPreviewMs")));
            }
            result.set("previewMs", summary(preview));
            result.set("hoverToPreviewMs", summary(hoverToPreview));
            result.put("hoversWithoutNewPreview", misses);
            System.out.printf(Locale.ROOT, "Hover preview (requests + render, after the 100 ms "
                    + "debounce): median %.1f ms, p95 %.1f ms, max %.1f ms over %d hovers%n",
                    median(preview), percentile(preview, 95), max(preview), preview.size());
            System.out.printf(Locale.ROOT, "Hover event to preview shown: median %.1f ms, "
                    + "p95 %.1f ms%n", median(hoverToPreview), percentile(hoverToPreview, 95));

            List<Double> clicks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                @SuppressWarnings("unchecked")
                List<Number> at = (List<Number>) browser.js("const gd = document"
                        + ".getElementById('map'); const t = gd.data[0], i = arguments[0];"
                        + " const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;"
                        + " const r = gd.getBoundingClientRect();"
                        + " return [xa._offset + xa.l2p(t.x[i]) - r.width / 2,"
                        + " ya._offset + ya.l2p(t.y[i]) - r.height / 2];",
                        random.nextInt(points));
                int x = (int) Math.round(at.get(0).doubleValue());
                int y = (int) Math.round(at.get(1).doubleValue());
                String before = (String) browser.js(STATE_KEY);
                long started = System.nanoTime();
                new Actions(browser.driver).moveToElement(map, x, y).click().perform();
                browser.waiting(10).until(d -> !before.equals(browser.js(STATE_KEY)));
                clicks.add(seconds(started) * 1000);
            }
            result.set("clickToOverlayMs", summary(clicks));
            System.out.printf(Locale.ROOT, "Click to overlay drawn (incl. WebDriver): median "
                    + "%.0f ms, p95 %.0f ms%n", median(clicks), percentile(clicks, 95));
            browser.screenshot("measure-" + points + "-points");
        }
    }

    /* --- load --- */

    private void load() throws Exception {
        Path root = data.resolve("load");
        if (!Files.isRegularFile(root.resolve("tiny/config.json"))) {
            ViewerFixtures.generatingModel(root, "tiny", 200);
        }
        ObjectNode result = results.putObject("load");
        result.put("users", users);
        result.put("seconds", seconds);
        try (ViewerServer server = ViewerServer.builder(Visualizer.open(root)).port(0)
                .start()) {
            warmUp(server);
            Stats stats = new Stats();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(users);
            List<Future<?>> running = new ArrayList<>();
            for (int user = 0; user < users; user++) {
                long seed = user;
                running.add(pool.submit(() -> {
                    explore(server, stats, deadline, new SplittableRandom(seed));
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            pool.shutdown();

            result.put("requests", stats.requests.get());
            result.put("errors", stats.errors.get());
            result.put("busyRefusals", stats.busy.get());
            result.put("generationsFinished", stats.generations.get());
            ArrayNode errors = result.putArray("errorSamples");
            stats.errorSamples.forEach(errors::add);
            ObjectNode endpoints = result.putObject("latencyMs");
            System.out.printf(Locale.ROOT, "%nLoad: %d users for %d s on loopback: %,d requests, "
                    + "%d errors, %d busy refusals, %d generations finished%n", users, seconds,
                    stats.requests.get(), stats.errors.get(), stats.busy.get(),
                    stats.generations.get());
            System.out.printf(Locale.ROOT, "  %-24s %7s %9s %9s %9s%n", "endpoint", "count",
                    "median", "p95", "max");
            for (Map.Entry<String, List<Double>> entry : new TreeMap<>(stats.latencies)
                    .entrySet()) {
                List<Double> values = entry.getValue();
                endpoints.set(entry.getKey(), summary(values));
                System.out.printf(Locale.ROOT, "  %-24s %7d %9.1f %9.1f %9.1f%n", entry.getKey(),
                        values.size(), median(values), percentile(values, 95), max(values));
            }
            stats.errorSamples.forEach(sample -> System.out.println("  error: " + sample));
        }
    }

    /** Opens the network once, so its loading is not counted as a user's latency. */
    private static void warmUp(ViewerServer server) {
        Http http = new Http(server.uri());
        http.openSession();
        http.post("/api/click", "{\"index\": 0}");
        http.events("/api/generate", "{\"steps\": 2}").readAll();
    }

    private static void explore(ViewerServer server, Stats stats, long deadline,
            SplittableRandom random) throws InterruptedException {
        Http http = new Http(server.uri());
        JsonNode opened = timed(stats, "POST /api/sessions", () -> http.post("/api/sessions",
                "{}"));
        if (opened == null) {
            return;
        }
        http.session(opened.get("session").asText());
        int samples = opened.get("model").get("samples").asInt();
        timed(stats, "GET /api/map", () -> http.get("/api/map"));
        boolean selected = false;
        for (int round = 1; System.nanoTime() < deadline; round++) {
            for (int hover = 0; hover < 3; hover++) {
                int index = random.nextInt(samples);
                timed(stats, "GET /api/samples/i", () -> http.get("/api/samples/" + index));
                timed(stats, "GET /api/samples/i/image", () -> http.get("/api/samples/" + index
                        + "/image"));
            }
            int clicked = random.nextInt(samples);
            JsonNode state = timed(stats, "POST /api/click", () -> http.post("/api/click",
                    "{\"index\": " + clicked + "}"));
            selected = state != null && !state.get("selected").isNull();
            if (selected && round % 3 == 0) {
                timed(stats, "POST /api/suggest", () -> http.post("/api/suggest",
                        "{\"k\": " + (1 + random.nextInt(20)) + "}"));
            }
            if (round % 4 == 0) {
                String body = random.nextBoolean() ? "{}" : "{\"classId\": "
                        + random.nextInt(10) + "}";
                timed(stats, "POST /api/highlight", () -> http.post("/api/highlight", body));
            }
            if (selected && round % 5 == 0) {
                generate(http, stats, random);
            }
            if (round % 10 == 0) {
                timed(stats, "POST /api/trajectories/clear", () -> http.post(
                        "/api/trajectories/clear", "{}"));
            }
            if (round % 7 == 0) {
                timed(stats, "POST /api/selection/clear", () -> http.post(
                        "/api/selection/clear", "{}"));
            }
            Thread.sleep(50 + random.nextInt(250));
        }
    }

    private static void generate(Http http, Stats stats, SplittableRandom random) {
        long started = System.nanoTime();
        int steps = 3 + random.nextInt(4);
        Http.Events events = http.events("/api/generate", "{\"steps\": " + steps + "}");
        stats.requests.incrementAndGet();
        if (events.status() == 503) {
            stats.busy.incrementAndGet();
            events.body();
            stats.record("POST /api/generate (busy)", seconds(started) * 1000);
            return;
        }
        if (events.status() != 200) {
            stats.error("POST /api/generate -> " + events.status() + " " + events.body());
            return;
        }
        List<Http.Event> all = events.readAll();
        Http.Event last = all.isEmpty() ? null : all.get(all.size() - 1);
        if (last == null || !last.name().equals("done")) {
            stats.error("generation ended with " + (last == null ? "nothing" : last.name()
                    + " " + last.data()));
            return;
        }
        stats.generations.incrementAndGet();
        stats.record("POST /api/generate (stream)", seconds(started) * 1000);
        int trajectory = last.data().get("trajectory").get("index").asInt();
        for (int step = 1; step <= steps; step++) {
            int shown = step;
            timed(stats, "GET frame", () -> http.get("/api/trajectories/" + trajectory
                    + "/frames/" + shown));
        }
        timed(stats, "GET final", () -> http.get("/api/trajectories/" + trajectory + "/final"));
    }

    private static JsonNode timed(Stats stats, String name,
            java.util.function.Supplier<Http.Response> call) {
        long started = System.nanoTime();
        Http.Response response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            stats.requests.incrementAndGet();
            stats.error(name + " -> " + e);
            return null;
        }
        stats.requests.incrementAndGet();
        stats.record(name, seconds(started) * 1000);
        if (response.status() >= 400) {
            stats.error(name + " -> " + response);
            return null;
        }
        String type = response.header("Content-Type");
        return type != null && type.startsWith("application/json") ? response.json() : null;
    }

    /** Counters and latencies shared by the simulated users. */
    private static final class Stats {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger busy = new AtomicInteger();
        final AtomicInteger generations = new AtomicInteger();
        final Map<String, List<Double>> latencies = new ConcurrentHashMap<>();
        final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

        void record(String name, double millis) {
            latencies.computeIfAbsent(name, n -> Collections.synchronizedList(
                    new ArrayList<>())).add(millis);
        }

        void error(String message) {
            errors.incrementAndGet();
            if (errorSamples.size() < 10) {
                errorSamples.add(message);
            }
        }
    }

    /* --- statistics --- */

    private static ObjectNode summary(List<Double> values) {
        ObjectNode json = Http.JSON.createObjectNode();
        json.put("count", values.size());
        json.put("median", median(values));
        json.put("p95", percentile(values, 95));
        json.put("max", max(values));
        return json;
    }

    private static double median(List<Double> values) {
        return percentile(values, 50);
    }

    private static double percentile(List<Double> values, double percent) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        Collections.sort(sorted);
        double rank = percent / 100 * (sorted.size() - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (rank - low);
    }

    private static double max(List<Double> values) {
        return values.isEmpty() ? Double.NaN : Collections.max(values);
    }

    private static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void check(Object actual, int expected) {
        if (((Number) actual).intValue() != expected) {
            throw new IllegalStateException("Expected " + expected + " points, found " + actual);
        }
    }
}
