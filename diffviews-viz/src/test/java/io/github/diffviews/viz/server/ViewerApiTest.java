package io.github.diffviews.viz.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.diffviews.Visualizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's API over HTTP on a server with two models: {@code dmd2}, which has a map and
 * images but no network, and {@code tiny}, which generates through the real PyTorch engine with
 * random weights. Every endpoint is exercised, and every refusal answers JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerApiTest {

    @TempDir
    static Path root;

    private ViewerServer server;

    @BeforeAll
    void startServer() throws IOException {
        ViewerFixtures.plainModel(root, "dmd2", 30);
        ViewerFixtures.generatingModel(root, "tiny", 40);
        server = ViewerServer.builder(Visualizer.open(root)).port(0).start();
    }

    @AfterAll
    void stopServer() {
        server.stop();
    }

    private Http client() {
        return new Http(server.uri());
    }

    private Http session() {
        Http http = client();
        http.openSession();
        return http;
    }

    private Http tinySession() {
        Http http = client();
        Http.Response opened = http.post("/api/sessions", "{\"model\": \"tiny\"}");
        assertEquals(201, opened.status(), opened.toString());
        http.session(opened.json().get("session").asText());
        return http;
    }

    private static void assertError(Http.Response response, int status, String fragment) {
        assertEquals(status, response.status(), response.toString());
        assertTrue(response.header("Content-Type").startsWith("application/json"),
                response.header("Content-Type"));
        JsonNode error = response.json();
        assertTrue(error.get("error").asText().contains(fragment),
                "'" + error.get("error").asText() + "' should mention '" + fragment + "'");
        assertFalse(response.text().contains("\tat "), "no stack trace: " + response.text());
    }

    /* --- page and assets --- */

    @Test
    void page_root_servesHtmlWithPolicy() {
        Http.Response page = client().get("/");

        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.text().contains("/assets/plotly-3.3.1.js"), page.text());
        assertTrue(page.header("Content-Security-Policy").contains("connect-src 'self'"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
    }

    @Test
    void page_tokenQuery_isServedAsThePage() {
        assertEquals(200, client().get("/?token=whatever").status());
    }

    @Test
    void assets_scriptAndStyle_areServedAndRevalidated() {
        Http.Response script = client().get("/assets/app.js");
        Http.Response style = client().get("/assets/app.css");

        assertEquals(200, script.status());
        assertTrue(script.header("Content-Type").startsWith("text/javascript"));
        assertEquals(200, style.status());
        String etag = script.header("ETag");
        Http.Response again = client().send(client().builder("/assets/app.js")
                .header("If-None-Match", etag).GET().build());
        assertEquals(304, again.status());
    }

    @Test
    void plotly_gzipAccepted_isServedCompressedAndCachedForAYear() throws IOException {
        Http.Response plotly = client().send(client().builder(StaticAssets.PLOTLY_PATH)
                .header("Accept-Encoding", "gzip").GET().build());

        assertEquals(200, plotly.status());
        assertEquals("gzip", plotly.header("Content-Encoding"));
        assertTrue(plotly.header("Cache-Control").contains("max-age=31536000"));
        assertTrue(plotly.body().length < 5_000_000, "compressed: " + plotly.body().length);
        byte[] plain;
        try (InputStream in = new GZIPInputStream(plotly.stream())) {
            plain = in.readAllBytes();
        }
        try (InputStream original = getClass().getClassLoader().getResourceAsStream(
                "META-INF/resources/webjars/plotly.js-dist/3.3.1/plotly.js")) {
            assertArrayEquals(original.readAllBytes(), plain);
        }
    }

    @Test
    void plotly_noGzip_isServedPlain() {
        Http.Response plotly = client().get(StaticAssets.PLOTLY_PATH);

        assertEquals(200, plotly.status());
        assertNull(plotly.header("Content-Encoding"));
        assertTrue(plotly.body().length > 10_000_000);
    }

    @Test
    void assets_unknownFile_is404Json() {
        assertError(client().get("/assets/secret.txt"), 404, "No file");
        assertError(client().get("/etc/passwd"), 404, "No file");
    }

    @Test
    void assets_pathTraversal_isRefused() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (String path : List.of("/assets/../../../../etc/passwd", "/../config.json",
                "/assets/..%2f..%2fetc%2fpasswd", "/assets/%2e%2e/%2e%2e/etc/passwd",
                "/assets//etc/passwd")) {
            String response = Http.raw(loopback, server.port(), "GET " + path
                    + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 400"), path + " -> " + response);
            assertTrue(response.contains("\"error\":\"Invalid path\""), response);
            assertFalse(response.contains("root:"), response);
        }
        // Backslashes are not even a URI: the JDK's server refuses them before any handler.
        String backslashes = Http.raw(loopback, server.port(), "GET /assets/..\\..\\etc"
                + "\\passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(backslashes.startsWith("HTTP/1.1 400"), backslashes);
    }

    @Test
    void images_pathTraversal_isRefused() throws IOException {
        Http http = session();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (String path : List.of("/api/samples/../../config.json/image",
                "/api/samples/..%2f..%2fconfig.json/image",
                "/api/samples/%2e%2e%2fimages%2fimagenet_real%2fsample_000001.png/image")) {
            String response = Http.raw(loopback, server.port(), "GET " + path
                    + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nX-DiffViews-Session: " + http.session()
                    + "\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 400"), path + " -> " + response);
        }
        assertError(http.get("/api/samples/config.json/image"), 400, "not an index");
        assertError(http.get("/api/samples/-1/image"), 400, "not an index");
        assertError(http.get("/api/samples/30/image"), 404, "Sample 30 does not exist");
    }

    /* --- sessions --- */

    @Test
    void sessions_open_answersIdModelAndInitialState() {
        JsonNode opened = client().openSession();

        assertTrue(opened.get("session").asText().matches("[A-Za-z0-9_-]{43}"));
        JsonNode model = opened.get("model");
        assertEquals("dmd2", model.get("name").asText());
        assertEquals(30, model.get("samples").asInt());
        assertEquals(List.of("dmd2", "tiny"), texts(model.get("models")));
        assertEquals("0: class_0", model.get("classes").get(0).get("label").asText());
        assertFalse(model.get("generation").get("available").asBoolean());
        assertTrue(model.get("generation").get("reason").asText().contains("'network'"));
        JsonNode state = opened.get("state");
        assertTrue(state.get("selected").isNull());
        assertEquals(0, state.get("overlays").size());
    }

    @Test
    void sessions_unknownModel_isRefused() {
        assertError(client().post("/api/sessions", "{\"model\": \"../etc\"}"), 400,
                "Unknown model");
    }

    @Test
    void sessions_missingOrMalformedOrUnknownId_areRefused() {
        assertError(client().get("/api/state"), 400, "Missing X-DiffViews-Session");
        assertError(client().session("not-an-id").get("/api/state"), 400, "Malformed");
        assertError(client().session("A".repeat(43)).get("/api/state"), 410, "expired");
    }

    @Test
    void sessions_twoTabs_neverSeeEachOthersState() {
        Http first = session();
        Http second = session();

        first.post("/api/click", "{\"index\": 3}");

        assertNotEquals(first.session(), second.session());
        assertEquals(3, first.get("/api/state").json().get("selected").get("index").asInt());
        assertTrue(second.get("/api/state").json().get("selected").isNull());
    }

    @Test
    void sessions_inactiveBeyondTimeout_expire() throws IOException {
        long[] now = {0};
        try (ViewerServer expiring = ViewerServer.builder(Visualizer.open(root.resolve("dmd2")))
                .port(0).sessionTimeout(java.time.Duration.ofSeconds(60)).ticker(() -> now[0])
                .start()) {
            Http http = new Http(expiring.uri());
            http.openSession();
            now[0] += java.time.Duration.ofSeconds(59).toNanos();
            assertEquals(200, http.get("/api/state").status());

            now[0] += java.time.Duration.ofSeconds(61).toNanos();

            assertError(http.get("/api/state"), 410, "expired");
            assertEquals(0, expiring.sessionCount());
        }
    }

    /* --- model, map and figure --- */

    @Test
    void map_samplesTrace_hasEverySampleWithItsIndex() {
        JsonNode map = session().get("/api/map").json();

        JsonNode samples = map.get("data").get(0);
        assertEquals("samples", samples.get("name").asText());
        assertEquals("scattergl", samples.get("type").asText());
        assertEquals(30, samples.get("customdata").size());
        assertEquals(29, samples.get("customdata").get(29).asInt());
        assertEquals("dmd2", map.get("layout").get("uirevision").asText());
    }

    @Test
    void map_gzipAccepted_isCompressed() throws IOException {
        Http http = session();
        Http.Response map = http.send(http.builder("/api/map").header("Accept-Encoding", "gzip")
                .GET().build());

        assertEquals("gzip", map.header("Content-Encoding"));
        try (InputStream in = new GZIPInputStream(map.stream())) {
            assertEquals(30, Http.JSON.readTree(in).get("data").get(0).get("x").size());
        }
    }

    @Test
    void figure_afterClicks_holdsTheOverlays() {
        Http http = session();
        http.post("/api/click", "{\"index\": 1}");
        http.post("/api/click", "{\"index\": 2}");
        http.post("/api/suggest", "{\"k\": 3}");

        List<String> names = new ArrayList<>();
        http.get("/api/figure").json().get("data").forEach(t -> names.add(t.get("name")
                .asText()));

        assertEquals(List.of("samples", "knn_neighbors", "manual_neighbors", "selected"), names);
    }

    @Test
    void model_switch_resetsTheSession() {
        Http http = session();
        http.post("/api/click", "{\"index\": 1}");
        http.post("/api/highlight", "{\"classId\": 2}");

        JsonNode switched = http.post("/api/model", "{\"model\": \"tiny\"}").json();

        assertEquals("tiny", switched.get("model").get("name").asText());
        assertTrue(switched.get("state").get("selected").isNull());
        assertTrue(switched.get("state").get("highlightedClass").isNull());
        assertEquals("tiny", http.get("/api/map").json().get("layout").get("uirevision")
                .asText());
        assertError(http.post("/api/model", "{\"model\": \"nope\"}"), 400, "Unknown model");
    }

    /* --- selection and neighbors --- */

    @Test
    void click_selectsThenTogglesNeighbors() {
        Http http = session();

        JsonNode selected = http.post("/api/click", "{\"index\": 4}").json();
        assertEquals(4, selected.get("selected").get("index").asInt());
        assertEquals("sample_000004", selected.get("selected").get("sampleId").asText());
        assertEquals(List.of("selected"), names(selected.get("overlays")));

        JsonNode same = http.post("/api/click", "{\"index\": 4}").json();
        assertEquals(0, same.get("manualNeighbors").size());

        JsonNode toggled = http.post("/api/click", "{\"index\": 9}").json();
        assertEquals(List.of(9), ints(toggled.get("manualNeighbors")));
        assertEquals("9: class_9 (manual)", toggled.get("gallery").get(0).get("caption")
                .asText());
        assertEquals(4, toggled.get("selected").get("index").asInt());

        JsonNode untoggled = http.post("/api/click", "{\"index\": 9}").json();
        assertEquals(0, untoggled.get("manualNeighbors").size());
    }

    @Test
    void click_twentyNeighbors_isTheLimit() {
        Http http = session();
        http.post("/api/click", "{\"index\": 0}");
        for (int i = 1; i <= 20; i++) {
            http.post("/api/click", "{\"index\": " + i + "}");
        }

        JsonNode full = http.post("/api/click", "{\"index\": 21}").json();

        assertEquals(20, full.get("manualNeighbors").size());
        assertTrue(full.get("note").asText().contains("max 20"));
    }

    @Test
    void click_badIndex_isRefused() {
        Http http = session();

        assertError(http.post("/api/click", "{\"index\": 30}"), 400, "'index' = 30");
        assertError(http.post("/api/click", "{\"index\": -1}"), 400, "from 0 to 29");
        assertError(http.post("/api/click", "{\"index\": \"3\"}"), 400, "whole number");
        assertError(http.post("/api/click", "{\"index\": 2.5}"), 400, "whole number");
        assertError(http.post("/api/click", "{}"), 400, "Missing field 'index'");
        assertError(http.post("/api/click", "{\"index\": 99999999999999999999}"), 400,
                "whole number");
    }

    @Test
    void suggest_k_listsNearestWithDistances() {
        Http http = session();
        http.post("/api/click", "{\"index\": 0}");

        JsonNode state = http.post("/api/suggest", "{\"k\": 5}").json();

        JsonNode suggested = state.get("suggestedNeighbors");
        assertEquals(5, suggested.size());
        for (int i = 1; i < 5; i++) {
            assertTrue(suggested.get(i - 1).get("distance").asDouble()
                    <= suggested.get(i).get("distance").asDouble());
        }
        assertTrue(state.get("gallery").get(0).get("caption").asText().matches(
                "\\d+: class_\\d+ \\(d=\\d+\\.\\d\\d\\)"), state.get("gallery").toString());
        assertEquals("5 neighbors (5 KNN, 0 manual)", state.get("neighborSummary").asText());
        assertEquals(List.of("knn_neighbors", "selected"), names(state.get("overlays")));
    }

    @Test
    void suggest_hugeOrZeroK_isRefused() {
        Http http = session();
        http.post("/api/click", "{\"index\": 0}");

        assertError(http.post("/api/suggest", "{\"k\": 1000000}"), 400, "from 1 to 20");
        assertError(http.post("/api/suggest", "{\"k\": 0}"), 400, "from 1 to 20");
        assertError(http.post("/api/suggest", "{\"k\": 21}"), 400, "from 1 to 20");
    }

    @Test
    void suggest_withoutSelection_isAConflict() {
        assertError(session().post("/api/suggest", "{\"k\": 5}"), 409, "Select a sample first");
    }

    @Test
    void clearNeighborsAndSelection_followTheOriginal() {
        Http http = session();
        http.post("/api/click", "{\"index\": 0}");
        http.post("/api/click", "{\"index\": 5}");
        http.post("/api/highlight", "{\"classId\": 1}");

        JsonNode cleared = http.post("/api/neighbors/clear", "{}").json();
        assertEquals(0, cleared.get("manualNeighbors").size());
        assertEquals(0, cleared.get("selected").get("index").asInt());

        JsonNode unselected = http.post("/api/selection/clear", "{}").json();
        assertTrue(unselected.get("selected").isNull());
        assertEquals(1, unselected.get("highlightedClass").asInt());
    }

    @Test
    void highlight_class_countsItsSamplesAndCanBeCleared() {
        Http http = session();

        JsonNode highlighted = http.post("/api/highlight", "{\"classId\": 3}").json();
        assertEquals(3, highlighted.get("highlightedClass").asInt());
        assertEquals(3, highlighted.get("highlightCount").asInt());
        assertEquals(List.of("class_highlight"), names(highlighted.get("overlays")));

        JsonNode cleared = http.post("/api/highlight", "{}").json();
        assertTrue(cleared.get("highlightedClass").isNull());
        assertError(http.post("/api/highlight", "{\"classId\": 77}"), 400, "Class 77");
    }

    /* --- samples --- */

    @Test
    void samples_detailsAndImage_byIndex() throws IOException {
        Http http = session();

        JsonNode sample = http.get("/api/samples/7").json();
        Http.Response image = http.get("/api/samples/7/image");

        assertEquals("sample_000007", sample.get("sampleId").asText());
        assertEquals("7: class_7", sample.get("classLabel").asText());
        assertEquals(80.0, sample.get("sigma").asDouble(), 1e-9);
        assertEquals(100.0, sample.get("noiseLevel").asDouble(), 1e-9);
        assertEquals("image/png", image.header("Content-Type"));
        BufferedImage decoded = ImageIO.read(image.stream());
        assertEquals(64, decoded.getWidth());
        assertError(http.get("/api/samples/30"), 404, "does not exist");
    }

    /* --- request shape --- */

    @Test
    void body_malformedJson_isRefused() {
        Http http = session();

        assertError(http.post("/api/click", "{\"index\": "), 400, "Malformed JSON");
        assertError(http.post("/api/click", "[1, 2]"), 400, "must be a JSON object");
        assertError(http.post("/api/click", "{\"index\": 1, \"index\": 2}"), 400,
                "Malformed JSON");
        assertError(http.post("/api/click", "{\"index\": 1} trailing"), 400, "Malformed JSON");
        assertError(http.post("/api/click", "{\"index\": 1, \"path\": \"/etc\"}"), 400,
                "Unknown field(s) [path]");
    }

    @Test
    void body_wrongContentType_isRefused() {
        Http http = session();
        HttpRequest request = http.builder("/api/click").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"index\": 1}")).build();

        assertError(http.send(request), 415, "application/json");
    }

    @Test
    void body_oversized_isRefused() {
        Http http = session();
        String huge = "{\"index\": 1, \"pad\": \"" + "x".repeat(70_000) + "\"}";

        assertError(http.post("/api/click", huge), 413, "larger than 65536 bytes");
    }

    @Test
    void api_unknownEndpointOrMethod_isRefused() {
        Http http = session();

        assertError(http.get("/api/nothing"), 404, "No API endpoint");
        Http.Response wrongMethod = http.get("/api/click");
        assertError(wrongMethod, 405, "GET is not allowed");
        assertEquals("POST", wrongMethod.header("Allow"));
    }

    /* --- access --- */

    @Test
    void access_nonLoopbackHost_isRefused() throws IOException {
        for (String host : List.of("evil.example.com", "evil.example.com:" + server.port(),
                "127.0.0.1.evil.example.com", "localhost.evil", "[::2]:80")) {
            String response = Http.raw(InetAddress.getLoopbackAddress(), server.port(),
                    "POST /api/sessions HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: "
                            + "application/json\r\nContent-Length: 2\r\nConnection: close"
                            + "\r\n\r\n{}");
            assertTrue(response.startsWith("HTTP/1.1 403"), host + " -> " + response);
            assertTrue(response.contains("not a loopback name"), response);
        }
    }

    @Test
    void access_loopbackHostNames_areAccepted() {
        assertTrue(AccessGuard.isLoopbackHost("localhost"));
        assertTrue(AccessGuard.isLoopbackHost("LOCALHOST:7860"));
        assertTrue(AccessGuard.isLoopbackHost("127.0.0.1:7860"));
        assertTrue(AccessGuard.isLoopbackHost("127.1.2.3"));
        assertTrue(AccessGuard.isLoopbackHost("[::1]:7860"));
        assertFalse(AccessGuard.isLoopbackHost("127.0.0.1:abc"));
        assertFalse(AccessGuard.isLoopbackHost("127.0.0.256"));
        assertFalse(AccessGuard.isLoopbackHost("0.0.0.0"));
        assertFalse(AccessGuard.isLoopbackHost("example.com"));
    }

    @Test
    void access_foreignOrigin_isRefused() {
        Http http = session();
        HttpRequest request = http.builder("/api/click").header("Content-Type",
                "application/json").header("Origin", "http://evil.example.com")
                .POST(HttpRequest.BodyPublishers.ofString("{\"index\": 1}")).build();

        assertError(http.send(request), 403, "origin 'http://evil.example.com'");
    }

    @Test
    void access_nonLoopbackPeer_isRefusedWithoutToken() throws IOException {
        InetAddress external = NetworkAddresses.nonLoopback();
        org.junit.jupiter.api.Assumptions.assumeTrue(external != null,
                "this machine has no non-loopback address to connect from");
        try (ViewerServer open = ViewerServer.builder(Visualizer.open(root.resolve("dmd2")))
                .host("0.0.0.0").port(0).start()) {
            String response = Http.raw(external, open.port(), "GET / HTTP/1.1\r\nHost: "
                    + "127.0.0.1\r\nConnection: close\r\n\r\n");

            assertTrue(response.startsWith("HTTP/1.1 403"), response);
            assertTrue(response.contains("only answers this machine"), response);
        }
    }

    @Test
    void token_missingOrWrong_isRefusedAndRightOneWorks() throws IOException {
        try (ViewerServer guarded = ViewerServer.builder(Visualizer.open(root.resolve("dmd2")))
                .port(0).token("s3cret-token").start()) {
            Http http = new Http(guarded.uri());

            assertEquals(200, http.get("/").status());
            assertError(http.post("/api/sessions", "{}"), 401, "needs its token");
            assertError(http.token("wrong-token").post("/api/sessions", "{}"), 401, "wrong");
            http.token("s3cret-token");
            assertEquals(201, http.post("/api/sessions", "{}").status());
            assertTrue(guarded.browserUri().toString().endsWith("/?token=s3cret-token"));
        }
    }

    @Test
    void token_nonLoopbackHost_isAcceptedWithTheToken() throws IOException {
        try (ViewerServer guarded = ViewerServer.builder(Visualizer.open(root.resolve("dmd2")))
                .port(0).token("s3cret-token").start()) {
            String response = Http.raw(InetAddress.getLoopbackAddress(), guarded.port(),
                    "POST /api/sessions HTTP/1.1\r\nHost: viewer.lab.example\r\n"
                            + "X-DiffViews-Token: s3cret-token\r\nContent-Type: "
                            + "application/json\r\nContent-Length: 2\r\nConnection: close"
                            + "\r\n\r\n{}");

            assertTrue(response.startsWith("HTTP/1.1 201"), response);
        }
    }

    /* --- generation --- */

    @Test
    void generate_withoutSelection_isAConflict() {
        assertError(tinySession().post("/api/generate", "{}"), 409, "Select a sample first");
    }

    @Test
    void generate_modelWithoutNetwork_isUnavailable() {
        Http http = session();
        http.post("/api/click", "{\"index\": 0}");

        assertError(http.post("/api/generate", "{}"), 409, "no 'network' section");
    }

    @Test
    void generate_badSettings_areRefused() {
        Http http = tinySession();
        http.post("/api/click", "{\"index\": 0}");

        assertError(http.post("/api/generate", "{\"steps\": 0}"), 400, "'steps' = 0");
        assertError(http.post("/api/generate", "{\"steps\": 100000}"), 400, "from 1 to 256");
        assertError(http.post("/api/generate", "{\"steps\": 4, \"maskSteps\": 5}"), 400,
                "'maskSteps' = 5");
        assertError(http.post("/api/generate", "{\"noiseMax\": 40, \"noiseMin\": 60}"), 400,
                "is empty");
        assertError(http.post("/api/generate", "{\"noiseMax\": 140}"), 400, "from 0 to 100");
        assertError(http.post("/api/generate", "{\"guidance\": 1e308}"), 400, "'guidance'");
        assertError(http.post("/api/generate", "{\"noiseMode\": \"loud\"}"), 400,
                "[stochastic, fixed, zero]");
        assertError(http.post("/api/generate", "{\"sampler\": \"ddim\"}"), 400, "x0_renoise");
        assertError(http.post("/api/generate", "{\"seed\": -1}"), 400, "'seed' = -1");
        assertError(http.post("/api/generate", "{\"stepz\": 3}"), 400, "Unknown field(s)");
        assertFalse(http.get("/api/state").json().get("generating").asBoolean());
    }

    @Test
    void generate_realNetwork_streamsEveryStepAndKeepsTheFrames() throws IOException {
        Http http = tinySession();
        http.post("/api/click", "{\"index\": 3}");
        http.post("/api/suggest", "{\"k\": 4}");

        List<Http.Event> events;
        String settings = "{\"steps\": 4, \"maskSteps\": 1, \"noiseMax\": 100, \"noiseMin\": 40,"
                + " \"noiseMode\": \"fixed\", \"seed\": 7}";
        try (Http.Events stream = http.events("/api/generate", settings)) {
            assertEquals(200, stream.status());
            events = stream.readAll();
        }

        List<String> names = new ArrayList<>();
        events.forEach(e -> names.add(e.name()));
        assertEquals("started", names.get(0), names.toString());
        assertEquals("done", names.get(names.size() - 1), events.toString());
        List<Http.Event> steps = events.stream().filter(e -> e.name().equals("step")).toList();
        assertEquals(4, steps.size());
        double previousSigma = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 4; i++) {
            JsonNode step = steps.get(i).data();
            assertEquals(i + 1, step.get("step").asInt());
            assertEquals(4, step.get("steps").asInt());
            assertTrue(step.get("sigma").asDouble() < previousSigma);
            previousSigma = step.get("sigma").asDouble();
            assertTrue(Double.isFinite(step.get("x").asDouble()), step.toString());
            assertEquals("/api/trajectories/0/frames/" + (i + 1), step.get("image").asText());
            assertTrue(step.get("caption").asText().startsWith("3: class_3 | Step " + (i + 1)
                    + "/4 | σ="), step.get("caption").asText());
        }
        assertEquals(80.0, steps.get(0).data().get("sigma").asDouble(), 1e-9);
        assertEquals(List.of("trajectory_line_0", "trajectory_0", "traj_start_0", "traj_end_0"),
                names(steps.get(3).data().get("traces")));

        JsonNode done = events.get(events.size() - 1).data();
        assertEquals("/api/trajectories/0/final", done.get("trajectory").get("final").asText());
        assertEquals(7, done.get("trajectory").get("seed").asLong());
        JsonNode state = done.get("state");
        assertEquals(1, state.get("trajectories").size());
        assertEquals(4, state.get("trajectories").get(0).get("frames").size());
        assertTrue(names(state.get("overlays")).contains("traj_end_0"));

        BufferedImage frame = ImageIO.read(http.get("/api/trajectories/0/frames/2").stream());
        assertEquals(16, frame.getWidth());
        assertEquals(16, ImageIO.read(http.get("/api/trajectories/0/final").stream())
                .getHeight());
        assertError(http.get("/api/trajectories/0/frames/5"), 404,
                "Step 5 does not exist; trajectory 1 has steps 1 to 4");
        assertError(http.get("/api/trajectories/0/frames/0"), 404,
                "Step 0 does not exist; trajectory 1 has steps 1 to 4");
        assertError(http.get("/api/trajectories/1/final"), 404, "Trajectory 1");

        JsonNode export = http.get("/api/export").json();
        assertEquals("diffviews-session", export.get("format").asText());
        assertEquals(3, export.get("selected").get("index").asInt());
        assertEquals(4, export.get("suggestedNeighbors").size());
        assertEquals(4, export.get("generationSettings").get("steps").asInt());
        assertEquals(4, export.get("trajectories").get(0).get("frames").size());

        JsonNode cleared = http.post("/api/trajectories/clear", "{}").json();
        assertEquals(0, cleared.get("trajectories").size());
        assertFalse(names(cleared.get("overlays")).contains("traj_end_0"));
        assertError(http.get("/api/trajectories/0/frames/1"), 404, "does not exist");
    }

    @Test
    void generate_fixedNoiseTwice_drawsTheSameTrajectory() {
        Http http = tinySession();
        http.post("/api/click", "{\"index\": 5}");
        String settings = "{\"steps\": 3, \"noiseMode\": \"fixed\", \"seed\": 3}";

        List<Http.Event> first = http.events("/api/generate", settings).readAll();
        List<Http.Event> second = http.events("/api/generate", settings.replace("}",
                ", \"sampler\": \"X0-RENOISE\"}")).readAll();

        JsonNode a = first.get(first.size() - 1).data().get("trajectory").get("frames");
        JsonNode b = second.get(second.size() - 1).data().get("trajectory").get("frames");
        for (int i = 0; i < 3; i++) {
            assertEquals(a.get(i).get("x").asDouble(), b.get(i).get("x").asDouble());
            assertEquals(a.get(i).get("y").asDouble(), b.get(i).get("y").asDouble());
        }
        JsonNode state = http.get("/api/state").json();
        assertEquals(2, state.get("trajectories").size());
        assertEquals("Traj 2 Class 5: class_5", state.get("trajectories").get(1).get("label")
                .asText());
    }

    @Test
    void generate_poolFull_answersBusyAndSameTabConflicts() throws Exception {
        GatedEngine engine = new GatedEngine();
        try (ViewerServer gated = ViewerServer.builder(Visualizer.open(root.resolve("tiny")))
                .port(0).engine(engine).generationWorkers(1).generationQueue(0).start()) {
            Http first = new Http(gated.uri());
            first.openSession();
            first.post("/api/click", "{\"index\": 0}");
            Http second = new Http(gated.uri());
            second.openSession();
            second.post("/api/click", "{\"index\": 1}");

            Http.Events running = first.events("/api/generate", "{\"steps\": 2}");
            assertEquals(200, running.status());
            assertEquals("started", running.next().name());
            assertTrue(engine.entered.await(30, java.util.concurrent.TimeUnit.SECONDS));

            Http.Response busy = second.post("/api/generate", "{\"steps\": 2}");
            assertError(busy, 503, "busy");
            assertEquals("busy", busy.json().get("code").asText());
            assertEquals("5", busy.header("Retry-After"));
            assertTrue(first.get("/api/state").json().get("generating").asBoolean());

            engine.gate.countDown();
            List<Http.Event> rest = running.readAll();
            assertEquals("done", rest.get(rest.size() - 1).name(), rest.toString());
            JsonNode trajectory = rest.get(rest.size() - 1).data().get("trajectory");
            assertEquals(0, trajectory.get("classId").asInt(), "class 0 is a class");
            assertEquals("Traj 1 Class 0: class_0", trajectory.get("label").asText());
            running.close();
            List<Http.Event> later = second.events("/api/generate", "{\"steps\": 2}").readAll();
            assertEquals("done", later.get(later.size() - 1).name(), later.toString());
        }
    }

    @Test
    void generate_secondInSameTab_whileRunning_isAConflict() throws Exception {
        GatedEngine engine = new GatedEngine();
        try (ViewerServer gated = ViewerServer.builder(Visualizer.open(root.resolve("tiny")))
                .port(0).engine(engine).generationWorkers(2).start()) {
            Http http = new Http(gated.uri());
            http.openSession();
            http.post("/api/click", "{\"index\": 0}");
            Http.Events running = http.events("/api/generate", "{\"steps\": 2}");
            assertTrue(engine.entered.await(30, java.util.concurrent.TimeUnit.SECONDS));

            assertError(http.post("/api/generate", "{\"steps\": 2}"), 409, "already running");

            JsonNode cleared = http.post("/api/trajectories/clear", "{}").json();
            assertEquals(0, cleared.get("trajectories").size());
            engine.gate.countDown();
            List<Http.Event> rest = running.readAll();
            assertEquals("cancelled", rest.get(rest.size() - 1).name(), rest.toString());
            running.close();
            assertFalse(http.get("/api/state").json().get("generating").asBoolean());
        }
    }

    @Test
    void server_fromDataDirectory_opensAndServesIt() throws IOException {
        try (ViewerServer fromPath = ViewerServer.builder(root.resolve("dmd2")).port(0)
                .start()) {
            Http http = new Http(fromPath.uri());

            assertEquals("dmd2", http.openSession().get("model").get("name").asText());
        }
    }

    @Test
    void server_portInUse_failsNamingThePort() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            IOException error = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> ViewerServer.builder(Visualizer.open(root.resolve("dmd2")))
                            .port(taken.getLocalPort()).start());
            assertTrue(error.getMessage().contains(":" + taken.getLocalPort()),
                    error.getMessage());
        }
    }

    @Test
    void server_modelWithoutMap_refusesToStart() throws IOException {
        Path bare = ViewerFixtures.plainModel(root.resolve("nomap"), "m", 20);
        Path csv = bare.resolve("embeddings/demo_embeddings.csv");
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int x = header.indexOf("umap_x");
        List<String> stripped = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(x + 1);
            cells.remove(x);
            stripped.add(String.join(",", cells));
        }
        Files.write(csv, stripped);

        IllegalStateException error = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> ViewerServer.builder(Visualizer.open(bare))
                        .port(0).start());
        assertTrue(error.getMessage().contains("no map coordinates"), error.getMessage());
    }

    private static List<String> names(JsonNode traces) {
        List<String> names = new ArrayList<>();
        traces.forEach(trace -> names.add(trace.get("name").asText()));
        return names;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asInt()));
        return values;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
