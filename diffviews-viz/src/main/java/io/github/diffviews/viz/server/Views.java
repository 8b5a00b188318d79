package io.github.diffviews.viz.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.ModelData;
import io.github.diffviews.figure.MapFigure;
import io.github.diffviews.generation.NoiseLevels;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.session.ExplorationState;
import io.github.diffviews.session.GalleryEntry;
import io.github.diffviews.tensor.FloatMatrix;
import java.time.Instant;
import java.util.List;

/** The JSON the API answers with: samples, models, session states and exports. */
final class Views {

    private Views() {
    }

    /** A sample: ids, class, noise level and σ, map point, and where its image is served. */
    static ObjectNode sample(ModelData model, int index) {
        ObjectNode json = Jsons.MAPPER.createObjectNode();
        json.put("index", index);
        json.put("sampleId", model.samples().sampleId(index));
        int classId = model.samples().classId(index);
        json.put("classId", classId);
        String className = model.className(index);
        json.put("className", className);
        json.put("classLabel", classId < 0 ? className : classId + ": " + className);
        putNumber(json, "sigma", model.samples().sigma(index));
        putNumber(json, "noiseLevel", model.samples().noiseLevel(index));
        FloatMatrix coordinates = model.coordinates().orElse(null);
        if (coordinates != null) {
            json.put("x", coordinates.get(index, 0));
            json.put("y", coordinates.get(index, 1));
        }
        json.put("image", "/api/samples/" + index + "/image");
        return json;
    }

    /** The model a session explores: size, classes, generation defaults and limits. */
    static ObjectNode model(ModelRuntime runtime, List<String> models) {
        ModelData model = runtime.model();
        ObjectNode json = Jsons.MAPPER.createObjectNode();
        json.put("name", model.name());
        ArrayNode names = json.putArray("models");
        models.forEach(names::add);
        json.put("samples", model.size());
        json.put("mapDimensions", model.mapDimensions());
        ArrayNode classes = json.putArray("classes");
        for (ModelData.ClassCount entry : model.classes()) {
            classes.addObject().put("id", entry.classId()).put("name", entry.name())
                    .put("count", entry.count())
                    .put("label", entry.classId() + ": " + entry.name());
        }
        json.set("defaults", runtime.defaults().toJson());
        ObjectNode limits = json.putObject("limits");
        limits.put("maxSteps", GenerationSettings.MAX_STEPS);
        limits.put("maxGuidance", GenerationSettings.MAX_GUIDANCE);
        limits.put("maxNeighbors", ExplorationState.MAX_NEIGHBORS);
        limits.put("sigmaMin", NoiseLevels.SIGMA_MIN);
        limits.put("sigmaMax", NoiseLevels.SIGMA_MAX);
        ArrayNode modes = json.putArray("noiseModes");
        GenerationSettings.NOISE_MODES.forEach(modes::add);
        ArrayNode samplers = json.putArray("samplers");
        GenerationSettings.SAMPLERS.forEach(samplers::add);
        ObjectNode generation = json.putObject("generation");
        String reason = runtime.generationUnavailable().orElse(null);
        generation.put("available", reason == null);
        if (reason != null) {
            generation.put("reason", reason);
        }
        ArrayNode layers = generation.putArray("layers");
        runtime.mapLayers().forEach(layers::add);
        return json;
    }

    /** A session's state, with the map overlays that draw it. */
    static ObjectNode state(ModelRuntime runtime, ViewerSession.Snapshot snapshot) {
        ModelData model = runtime.model();
        ExplorationState state = snapshot.state();
        ObjectNode json = Jsons.MAPPER.createObjectNode();
        json.put("model", state.model());
        if (state.selected().isPresent()) {
            json.set("selected", sample(model, state.selected().getAsInt()));
        } else {
            json.putNull("selected");
        }
        ArrayNode manual = json.putArray("manualNeighbors");
        state.manualNeighbors().forEach(manual::add);
        ArrayNode suggested = json.putArray("suggestedNeighbors");
        for (Neighbor neighbor : state.suggestedNeighbors()) {
            suggested.addObject().put("index", neighbor.index())
                    .put("distance", neighbor.distance());
        }
        ArrayNode gallery = json.putArray("gallery");
        for (GalleryEntry entry : state.gallery()) {
            int classId = model.samples().classId(entry.sample());
            ObjectNode item = gallery.addObject();
            item.put("index", entry.sample());
            item.put("caption", entry.caption(classId, model.className(entry.sample())));
            item.put("manual", entry.manual());
            if (entry.distance().isPresent()) {
                item.put("distance", entry.distance().getAsDouble());
            }
        }
        json.put("neighborSummary", state.neighborSummary());
        if (state.highlightedClass().isPresent()) {
            int classId = state.highlightedClass().getAsInt();
            json.put("highlightedClass", classId);
            json.put("highlightCount", model.samplesOfClass(classId).length);
        } else {
            json.putNull("highlightedClass");
        }

        ArrayNode trajectories = json.putArray("trajectories");
        for (TrajectoryRecord record : snapshot.records()) {
            trajectories.add(trajectory(record));
        }
        json.put("generating", snapshot.running() != null);

        ArrayNode overlays = MapFigure.overlays(model, state);
        TrajectoryRecord running = snapshot.running();
        if (running != null) {
            overlays.addAll(MapFigure.trajectoryTraces(running.index(), running.trajectory()));
        }
        json.set("overlays", overlays);
        return json;
    }

    /** One generation: class, settings, seed, and every step's σ, point and caption. */
    static ObjectNode trajectory(TrajectoryRecord record) {
        ObjectNode json = Jsons.MAPPER.createObjectNode();
        json.put("index", record.index());
        json.put("label", "Traj " + (record.index() + 1) + " Class " + record.classLabel());
        json.put("classId", record.classId());
        json.put("className", record.className());
        json.put("classLabel", record.classLabel());
        json.put("steps", record.steps());
        json.put("done", record.done());
        if (record.done()) {
            json.put("seed", record.seed());
            json.put("final", "/api/trajectories/" + record.index() + "/final");
            json.put("finalCaption", record.classLabel() + " | " + record.steps() + " steps");
        }
        if (record.projectionNote() != null) {
            json.put("projectionNote", record.projectionNote());
        }
        json.set("settings", record.settings().toJson());
        ArrayNode frames = json.putArray("frames");
        for (TrajectoryRecord.Frame frame : record.frames()) {
            frames.add(frame(record, frame));
        }
        return json;
    }

    static ObjectNode frame(TrajectoryRecord record, TrajectoryRecord.Frame frame) {
        ObjectNode json = Jsons.MAPPER.createObjectNode();
        json.put("step", frame.step());
        json.put("sigma", frame.sigma());
        json.put("noiseLevel", frame.noiseLevel());
        if (frame.x() != null) {
            json.put("x", frame.x());
            json.put("y", frame.y());
        }
        json.put("caption", record.caption(frame));
        json.put("image", "/api/trajectories/" + record.index() + "/frames/" + frame.step());
        return json;
    }

    /** Everything a session holds, to save: selection, neighbors, settings, trajectories. */
    static ObjectNode export(ModelRuntime runtime, ViewerSession.Snapshot snapshot) {
        ModelData model = runtime.model();
        ExplorationState state = snapshot.state();
        ObjectNode json = Jsons.MAPPER.createObjectNode();
        json.put("format", "diffviews-session");
        json.put("version", 1);
        json.put("exported", Instant.now().toString());
        json.put("model", model.name());
        json.put("dataDirectory", model.directory().toString());
        if (state.selected().isPresent()) {
            json.set("selected", sample(model, state.selected().getAsInt()));
        } else {
            json.putNull("selected");
        }
        ArrayNode manual = json.putArray("manualNeighbors");
        state.manualNeighbors().forEach(index -> manual.add(sample(model, index)));
        ArrayNode suggested = json.putArray("suggestedNeighbors");
        for (Neighbor neighbor : state.suggestedNeighbors()) {
            suggested.add(sample(model, neighbor.index()).put("distance", neighbor.distance()));
        }
        if (state.highlightedClass().isPresent()) {
            int classId = state.highlightedClass().getAsInt();
            json.putObject("highlightedClass").put("id", classId)
                    .put("name", model.classNameOf(classId));
        } else {
            json.putNull("highlightedClass");
        }
        GenerationSettings settings = snapshot.lastSettings() != null ? snapshot.lastSettings()
                : runtime.defaults();
        json.set("generationSettings", settings.toJson());
        ArrayNode trajectories = json.putArray("trajectories");
        for (TrajectoryRecord record : snapshot.records()) {
            ObjectNode item = trajectory(record);
            item.remove("final");
            for (var frame : item.withArray("frames")) {
                ((ObjectNode) frame).remove("image");
            }
            trajectories.add(item);
        }
        return json;
    }

    private static void putNumber(ObjectNode json, String field, double value) {
        if (Double.isFinite(value)) {
            json.put(field, value);
        } else {
            json.putNull(field);
        }
    }
}
