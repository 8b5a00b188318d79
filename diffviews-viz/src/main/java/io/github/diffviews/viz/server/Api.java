package io.github.diffviews.viz.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.ModelData;
import io.github.diffviews.figure.MapFigure;
import io.github.diffviews.session.ExplorationState;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer's JSON API. Every endpoint but {@code POST /api/sessions} acts on the session named
 * by the {@value SessionStore#SESSION_HEADER} header; state changes answer with the new state,
 * overlays included, so the page redraws from one response.
 */
final class Api {

    private static final Logger LOG = LoggerFactory.getLogger(Api.class);

    private static final String INDEX = "([^/]+)";

    private final List<String> models;
    private final String defaultModel;
    private final Map<String, ModelRuntime> runtimes;
    private final SessionStore sessions;
    private final GenerationPool pool;
    private final int maxTrajectories;

    Api(List<String> models, String defaultModel, Map<String, ModelRuntime> runtimes,
            SessionStore sessions, GenerationPool pool, int maxTrajectories) {
        this.models = List.copyOf(models);
        this.defaultModel = defaultModel;
        this.runtimes = runtimes;
        this.sessions = sessions;
        this.pool = pool;
        this.maxTrajectories = maxTrajectories;
    }

    void register(Router router) {
        router.post("/api/sessions", false, this::openSession);
        router.get("/api/models", false, this::models);
        router.get("/api/model", true, this::model);
        router.post("/api/model", true, this::switchModel);
        router.get("/api/map", true, this::map);
        router.get("/api/figure", true, this::figure);
        router.get("/api/state", true, this::state);
        router.post("/api/click", true, this::click);
        router.post("/api/suggest", true, this::suggest);
        router.post("/api/neighbors/clear", true, call -> change(call,
                ExplorationState::clearNeighbors));
        router.post("/api/selection/clear", true, call -> change(call,
                ExplorationState::clearSelection));
        router.post("/api/highlight", true, this::highlight);
        router.post("/api/trajectories/clear", true, this::clearTrajectories);
        router.post("/api/generate", true, this::generate);
        router.get("/api/samples/" + INDEX, true, this::sample);
        router.get("/api/samples/" + INDEX + "/image", true, this::sampleImage);
        router.get("/api/trajectories/" + INDEX + "/frames/" + INDEX, true, this::frame);
        router.get("/api/trajectories/" + INDEX + "/final", true, this::finalImage);
        router.get("/api/export", true, this::export);
    }

    private void openSession(Call call) throws IOException {
        Body body = Body.of(call.json(), Set.of("model"));
        String model = body.has("model") ? knownModel(body.text("model", 200)) : defaultModel;
        ViewerSession session = sessions.create(model);
        ObjectNode json = Jsons.MAPPER.createObjectNode();
        json.put("session", session.id());
        json.set("model", Views.model(runtimes.get(model), models));
        json.set("state", Views.state(runtimes.get(model), session.snapshot()));
        call.json(201, json);
    }

    private void models(Call call) throws IOException {
        ObjectNode json = Jsons.MAPPER.createObjectNode();
        json.putPOJO("models", models);
        json.put("default", defaultModel);
        call.json(200, json);
    }

    private void model(Call call) throws IOException {
        call.json(200, Views.model(runtime(call.session()), models));
    }

    private void switchModel(Call call) throws IOException {
        Body body = Body.of(call.json(), Set.of("model"));
        String model = knownModel(body.text("model", 200));
        ViewerSession session = call.session();
        session.switchModel(model);
        ObjectNode json = Jsons.MAPPER.createObjectNode();
        json.set("model", Views.model(runtimes.get(model), models));
        json.set("state", Views.state(runtimes.get(model), session.snapshot()));
        call.json(200, json);
    }

    private void map(Call call) throws IOException {
        ModelRuntime runtime = runtime(call.session());
        boolean gzip = call.acceptsGzip();
        if (gzip) {
            call.exchange().getResponseHeaders().set("Content-Encoding", "gzip");
        }
        call.exchange().getResponseHeaders().set("Content-Type",
                "application/json; charset=utf-8");
        call.sendRaw(200, runtime.mapJson(gzip));
    }

    private void figure(Call call) throws IOException {
        ViewerSession session = call.session();
        ModelRuntime runtime = runtime(session);
        call.json(200, MapFigure.of(runtime.model(), session.state()));
    }

    private void state(Call call) throws IOException {
        respondState(call, null);
    }

    private void click(Call call) throws IOException {
        ViewerSession session = call.session();
        ModelData model = runtime(session).model();
        int index = Body.of(call.json(), Set.of("index")).integer("index", 0, model.size() - 1);
        ExplorationState before = session.state();
        ExplorationState after = session.update(state -> state.click(index));
        String note = null;
        if (after == before && before.selected().isPresent()
                && before.selected().getAsInt() != index) {
            note = "At most " + ExplorationState.MAX_NEIGHBORS + " neighbors (max 20)";
        }
        respondState(call, note);
    }

    private void suggest(Call call) throws IOException {
        ViewerSession session = call.session();
        ModelData model = runtime(session).model();
        int k = Body.of(call.json(), Set.of("k")).integer("k", 1,
                ExplorationState.MAX_NEIGHBORS);
        requireSelection(session.state(), "suggest neighbors");
        session.update(state -> state.suggest(model.mapIndex(), k));
        respondState(call, null);
    }

    private void highlight(Call call) throws IOException {
        ViewerSession session = call.session();
        ModelData model = runtime(session).model();
        Body body = Body.of(call.json(), Set.of("classId"));
        if (!body.has("classId")) {
            change(session, call, ExplorationState::clearHighlight);
            return;
        }
        int classId = body.integer("classId", 0, Integer.MAX_VALUE);
        boolean known = model.classes().stream().anyMatch(c -> c.classId() == classId);
        if (!known) {
            throw HttpError.badRequest("Class " + classId + " has no samples in model '"
                    + model.name() + "'");
        }
        change(session, call, state -> state.highlightClass(classId));
    }

    private void clearTrajectories(Call call) throws IOException {
        Body.of(call.json(), Set.of());
        call.session().clearTrajectories();
        respondState(call, null);
    }

    private void change(Call call, UnaryOperator<ExplorationState> action) throws IOException {
        Body.of(call.json(), Set.of());
        change(call.session(), call, action);
    }

    private void change(ViewerSession session, Call call,
            UnaryOperator<ExplorationState> action) throws IOException {
        session.update(action);
        respondState(call, null);
    }

    private void generate(Call call) throws IOException {
        ViewerSession session = call.session();
        ModelRuntime runtime = runtime(session);
        GenerationSettings settings = GenerationSettings.parse(call.json(), runtime.defaults());
        String unavailable = runtime.generationUnavailable().orElse(null);
        if (unavailable != null) {
            throw new HttpError(409, "generation_unavailable", "Generation is unavailable: "
                    + unavailable);
        }
        ExplorationState state = session.state();
        requireSelection(state, "generate");
        ModelData model = runtime.model();
        int selected = state.selected().getAsInt();
        int classId = model.samples().classId(selected);
        String className = model.className(selected);

        if (!pool.reserve()) {
            throw new HttpError(503, "busy", "The viewer is busy: " + pool.capacity()
                    + " generations are running or waiting; try again shortly");
        }
        TrajectoryRecord record;
        try {
            record = session.begin(classId, className, settings, maxTrajectories);
        } catch (RuntimeException e) {
            pool.release();
            throw e;
        }
        EventStream events;
        try {
            events = new EventStream(call.exchange());
        } catch (IOException | RuntimeException e) {
            session.abandon(record);
            pool.release();
            throw e;
        }
        call.detach();
        try {
            pool.run(new GenerationJob(runtime, session, record, state.generationSamples(),
                    events));
        } catch (RejectedExecutionException e) {
            session.abandon(record);
            pool.release();
            events.send("error", Jsons.MAPPER.createObjectNode().put("message",
                    "The viewer is shutting down"));
            events.close();
        }
        LOG.debug("Generation {} of session {}… accepted", record.index(),
                session.id().substring(0, 6));
    }

    private void sample(Call call) throws IOException {
        ModelData model = runtime(call.session()).model();
        int index = call.indexParam(0, model.size(), "Sample");
        call.json(200, Views.sample(model, index));
    }

    private void sampleImage(Call call) throws IOException {
        ModelData model = runtime(call.session()).model();
        int index = call.indexParam(0, model.size(), "Sample");
        byte[] png;
        try {
            png = GenerationJob.png(model.image(index));
        } catch (NoSuchFileException e) {
            throw HttpError.notFound("Sample " + index + " has no image");
        } catch (IOException e) {
            LOG.warn("Cannot read the image of sample {} of model '{}': {}", index,
                    model.name(), e.getMessage());
            throw HttpError.notFound("The image of sample " + index + " cannot be read");
        }
        call.png(png);
    }

    private void frame(Call call) throws IOException {
        TrajectoryRecord record = record(call);
        int step = call.indexParam(1, Integer.MAX_VALUE, "Step");
        if (step < 1 || step > record.steps()) {
            throw HttpError.notFound("Step " + step + " does not exist; trajectory "
                    + (record.index() + 1) + " has steps 1 to " + record.steps());
        }
        TrajectoryRecord.Frame frame = record.frame(step);
        if (frame == null) {
            throw HttpError.notFound("Step " + step + " of trajectory " + (record.index() + 1)
                    + " is not ready yet");
        }
        call.png(frame.png());
    }

    private void finalImage(Call call) throws IOException {
        TrajectoryRecord record = record(call);
        byte[] png = record.finalPng();
        if (png == null) {
            throw HttpError.notFound("Trajectory " + (record.index() + 1)
                    + " has not finished yet");
        }
        call.png(png);
    }

    private void export(Call call) throws IOException {
        ViewerSession session = call.session();
        call.exchange().getResponseHeaders().set("Content-Disposition",
                "attachment; filename=\"diffviews-session.json\"");
        call.json(200, Views.export(runtime(session), session.snapshot()));
    }

    private TrajectoryRecord record(Call call) {
        ViewerSession session = call.session();
        int count = session.records().size();
        int index = call.indexParam(0, Math.max(count, 0), "Trajectory");
        TrajectoryRecord record = session.record(index);
        if (record == null) {
            throw HttpError.notFound("Trajectory " + index + " does not exist");
        }
        return record;
    }

    private void respondState(Call call, String note) throws IOException {
        ViewerSession session = call.session();
        ObjectNode json = Views.state(runtime(session), session.snapshot());
        if (note != null) {
            json.put("note", note);
        }
        call.json(200, json);
    }

    private ModelRuntime runtime(ViewerSession session) {
        return runtimes.get(session.state().model());
    }

    private String knownModel(String name) {
        if (!runtimes.containsKey(name)) {
            throw HttpError.badRequest("Unknown model '" + Call.abbreviate(name)
                    + "'; models: " + String.join(", ", models));
        }
        return name;
    }

    private static void requireSelection(ExplorationState state, String action) {
        if (state.selected().isEmpty()) {
            throw HttpError.conflict("Select a sample first: cannot " + action
                    + " without a selection");
        }
    }
}
