package io.github.diffviews.figure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.ModelData;
import io.github.diffviews.data.SampleTable;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.session.ExplorationState;
import io.github.diffviews.session.Trajectory;
import io.github.diffviews.session.TrajectoryPoint;
import io.github.diffviews.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The map of a model as a Plotly figure ({@code {"data": [...], "layout": {...}}}), with the
 * overlays of an exploration state, traced as the Python tool traced them.
 *
 * <p>Trace 0, {@value #SAMPLES}, is a WebGL scatter of every sample: {@code customdata} is the
 * row index, the colour the class's {@link ClassColors plasma colour}, the opacity 0.7 or, when
 * the samples were recorded at several noise levels, higher for less noise. The overlays follow
 * in this order, each only when it has points:
 * <ol>
 *   <li>{@value #CLASS_HIGHLIGHT}: the samples of the highlighted class, yellow with a black
 *       outline;</li>
 *   <li>{@value #KNN_NEIGHBORS} (lime rings), {@value #MANUAL_NEIGHBORS} (cyan rings) and
 *       {@value #SELECTED} (a red ring);</li>
 *   <li>per drawable trajectory {@code j} (two points or more): {@code trajectory_line_j} (a
 *       dashed lime line), {@code trajectory_j} (markers shaded from {@code #90EE90} to
 *       {@code #228B22} by step), {@code traj_start_j} (a lime diamond) and {@code traj_end_j} (a
 *       dark green star).</li>
 * </ol>
 * Only trace 0 and the trajectory traces answer hover; the rings let hover and clicks through to
 * the samples beneath. A trajectory's markers carry the 1-based step in {@code customdata} and σ
 * in {@code text}; its start and end markers carry steps 1 and n, so hovering them shows a frame
 * too. The layout's {@code uirevision} is the model's name, so Plotly keeps the user's zoom while
 * overlays change and resets it only for another model.
 *
 * <p>Maps with three coordinates are drawn by their first two.
 */
public final class MapFigure {

    /** Name of the trace of every sample. */
    public static final String SAMPLES = "samples";

    /** Name of the class highlight trace. */
    public static final String CLASS_HIGHLIGHT = "class_highlight";

    /** Name of the suggested neighbors' rings. */
    public static final String KNN_NEIGHBORS = "knn_neighbors";

    /** Name of the manual neighbors' rings. */
    public static final String MANUAL_NEIGHBORS = "manual_neighbors";

    /** Name of the selection's ring. */
    public static final String SELECTED = "selected";

    /** Prefix of a trajectory's dashed line; the trajectory index follows. */
    public static final String TRAJECTORY_LINE = "trajectory_line_";

    /** Prefix of a trajectory's step markers; the trajectory index follows. */
    public static final String TRAJECTORY = "trajectory_";

    /** Prefix of a trajectory's start marker; the trajectory index follows. */
    public static final String TRAJECTORY_START = "traj_start_";

    /** Prefix of a trajectory's end marker; the trajectory index follows. */
    public static final String TRAJECTORY_END = "traj_end_";

    /** Colour of the first step of a trajectory. */
    public static final String FIRST_STEP_COLOR = "#90EE90";

    /** Colour of the last step of a trajectory. */
    public static final String LAST_STEP_COLOR = "#228B22";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String GRID = "#EBF0F8";

    private static final String TRANSPARENT = "rgba(0,0,0,0)";

    private MapFigure() {
    }

    /**
     * Builds the whole figure: the samples, the overlays of the state and the layout.
     *
     * @param model the model
     * @param state the exploration state of that model
     * @return {@code {"data": [...], "layout": {...}}}
     * @throws IllegalArgumentException if the state explores another model, or refers to a
     *     sample the model does not have
     * @throws IllegalStateException if the model has no map coordinates
     */
    public static ObjectNode of(ModelData model, ExplorationState state) {
        ObjectNode figure = NODES.objectNode();
        ArrayNode data = figure.putArray("data");
        data.add(samplesTrace(model));
        data.addAll(overlays(model, state));
        figure.set("layout", layout(model));
        return figure;
    }

    /**
     * Builds trace 0, every sample of the model.
     *
     * @param model the model
     * @return the {@value #SAMPLES} trace
     * @throws IllegalStateException if the model has no map coordinates
     */
    public static ObjectNode samplesTrace(ModelData model) {
        FloatMatrix coordinates = coordinates(model);
        SampleTable samples = model.samples();
        int n = samples.size();
        ClassColors colors = classColors(model);

        ObjectNode trace = trace("scattergl", SAMPLES, "markers");
        ArrayNode x = trace.putArray("x");
        ArrayNode y = trace.putArray("y");
        ArrayNode customdata = trace.putArray("customdata");
        for (int row = 0; row < n; row++) {
            x.add(coordinates.get(row, 0));
            y.add(coordinates.get(row, 1));
            customdata.add(row);
        }

        ObjectNode marker = trace.putObject("marker");
        marker.put("size", 6);
        if (samples.hasClassLabels()) {
            ArrayNode color = marker.putArray("color");
            for (int row = 0; row < n; row++) {
                color.add(colors.color(samples.classId(row)));
            }
        } else {
            marker.put("color", ClassColors.UNCLASSED);
        }
        double[] opacity = noiseOpacity(samples);
        if (opacity == null) {
            marker.put("opacity", 0.7);
        } else {
            ArrayNode values = marker.putArray("opacity");
            for (double value : opacity) {
                values.add((float) value);
            }
        }
        trace.put("hovertemplate", "<b>%{customdata}</b><br>x: %{x:.2f}<br>y: %{y:.2f}"
                + "<extra></extra>");
        return trace;
    }

    /**
     * Builds the layout: title, axis names, closest-point hover, no legend, a white theme and
     * the model's name as {@code uirevision}.
     *
     * @param model the model
     * @return the layout
     */
    public static ObjectNode layout(ModelData model) {
        ObjectNode layout = NODES.objectNode();
        layout.putObject("title").put("text", "Activation UMAP").put("x", 0.5);
        layout.set("xaxis", axis("UMAP 1"));
        layout.set("yaxis", axis("UMAP 2"));
        layout.put("hovermode", "closest");
        layout.put("showlegend", false);
        layout.put("plot_bgcolor", "white");
        layout.put("paper_bgcolor", "white");
        layout.putObject("font").put("color", "#2a3f5f");
        layout.putObject("margin").put("l", 40).put("r", 10).put("t", 35).put("b", 40);
        layout.put("uirevision", model.name());
        return layout;
    }

    /**
     * Builds the overlay traces of a state, in drawing order, leaving out empty ones.
     *
     * @param model the model
     * @param state the exploration state of that model
     * @return the overlays; empty when nothing is selected, highlighted or generated
     * @throws IllegalArgumentException if the state explores another model, or refers to a
     *     sample the model does not have
     * @throws IllegalStateException if the model has no map coordinates
     */
    public static ArrayNode overlays(ModelData model, ExplorationState state) {
        Objects.requireNonNull(state, "state");
        if (!state.model().equals(model.name())) {
            throw new IllegalArgumentException("The state explores model '" + state.model()
                    + "', not '" + model.name() + "'");
        }
        FloatMatrix coordinates = coordinates(model);
        ArrayNode overlays = NODES.arrayNode();

        if (state.highlightedClass().isPresent()) {
            int[] members = model.samplesOfClass(state.highlightedClass().getAsInt());
            if (members.length > 0) {
                ObjectNode highlight = points("scattergl", CLASS_HIGHLIGHT, coordinates,
                        members);
                highlight.putObject("marker").put("size", 10).put("color", "yellow")
                        .putObject("line").put("color", "black").put("width", 1);
                overlays.add(highlight);
            }
        }

        List<Integer> suggested = new ArrayList<>();
        for (Neighbor neighbor : state.suggestedNeighbors()) {
            suggested.add(neighbor.index());
        }
        if (!suggested.isEmpty()) {
            overlays.add(ring(KNN_NEIGHBORS, coordinates, suggested, "lime", 14, 2));
        }
        if (!state.manualNeighbors().isEmpty()) {
            overlays.add(ring(MANUAL_NEIGHBORS, coordinates, state.manualNeighbors(), "cyan",
                    14, 2));
        }
        if (state.selected().isPresent()) {
            overlays.add(ring(SELECTED, coordinates, List.of(state.selected().getAsInt()),
                    "red", 16, 3));
        }

        List<Trajectory> trajectories = state.trajectories();
        for (int j = 0; j < trajectories.size(); j++) {
            overlays.addAll(trajectoryTraces(j, trajectories.get(j)));
        }
        return overlays;
    }

    /**
     * Builds the four traces of one trajectory.
     *
     * @param index the trajectory's index j, which names the traces
     * @param trajectory the trajectory
     * @return {@code trajectory_line_j}, {@code trajectory_j}, {@code traj_start_j} and
     *     {@code traj_end_j}; empty when the trajectory has fewer than two points
     */
    public static ArrayNode trajectoryTraces(int index, Trajectory trajectory) {
        Objects.requireNonNull(trajectory, "trajectory");
        if (index < 0) {
            throw new IllegalArgumentException("Trajectory index " + index + " is negative");
        }
        ArrayNode traces = NODES.arrayNode();
        List<TrajectoryPoint> points = trajectory.points();
        if (!trajectory.drawable()) {
            return traces;
        }
        int n = points.size();

        ObjectNode line = trace("scatter", TRAJECTORY_LINE + index, "lines");
        ObjectNode steps = trace("scatter", TRAJECTORY + index, "markers");
        ArrayNode lineX = line.putArray("x");
        ArrayNode lineY = line.putArray("y");
        ArrayNode stepX = steps.putArray("x");
        ArrayNode stepY = steps.putArray("y");
        ArrayNode customdata = steps.putArray("customdata");
        ArrayNode sigmas = steps.putArray("text");
        ArrayNode shades = NODES.arrayNode();
        for (int i = 0; i < n; i++) {
            TrajectoryPoint point = points.get(i);
            lineX.add(point.x());
            lineY.add(point.y());
            stepX.add(point.x());
            stepY.add(point.y());
            customdata.add(i + 1);
            sigmas.add(point.sigma());
            shades.add(i);
        }
        line.putObject("line").put("color", "lime").put("width", 3).put("dash", "dash");
        line.put("hoverinfo", "skip");
        traces.add(line);

        ObjectNode marker = steps.putObject("marker");
        marker.put("size", 10);
        marker.set("color", shades);
        ArrayNode scale = marker.putArray("colorscale");
        scale.addArray().add(0).add(FIRST_STEP_COLOR);
        scale.addArray().add(1).add(LAST_STEP_COLOR);
        marker.put("cmin", 0).put("cmax", Math.max(n - 1, 1)).put("showscale", false);
        marker.putObject("line").put("color", "white").put("width", 1);
        steps.put("hovertemplate", stepHover(index));
        traces.add(steps);

        traces.add(endMarker(TRAJECTORY_START + index, points.get(0), 1, "diamond", 14,
                "lime", index));
        traces.add(endMarker(TRAJECTORY_END + index, points.get(n - 1), n, "star", 18,
                LAST_STEP_COLOR, index));
        return traces;
    }

    private static ObjectNode endMarker(String name, TrajectoryPoint point, int step,
            String symbol, int size, String color, int index) {
        ObjectNode trace = trace("scatter", name, "markers");
        trace.putArray("x").add(point.x());
        trace.putArray("y").add(point.y());
        trace.putArray("customdata").add(step);
        trace.putArray("text").add(point.sigma());
        trace.putObject("marker").put("symbol", symbol).put("size", size).put("color", color);
        trace.put("hovertemplate", stepHover(index));
        return trace;
    }

    private static String stepHover(int index) {
        return "Traj " + (index + 1) + " Step %{customdata}<br>σ=%{text:.1f}<br>"
                + "(%{x:.2f}, %{y:.2f})<extra></extra>";
    }

    private static ObjectNode ring(String name, FloatMatrix coordinates, List<Integer> samples,
            String color, int size, int width) {
        int[] rows = samples.stream().mapToInt(Integer::intValue).toArray();
        ObjectNode trace = points("scatter", name, coordinates, rows);
        trace.putObject("marker").put("size", size).put("color", TRANSPARENT)
                .putObject("line").put("color", color).put("width", width);
        return trace;
    }

    private static ObjectNode points(String type, String name, FloatMatrix coordinates,
            int[] rows) {
        ObjectNode trace = trace(type, name, "markers");
        ArrayNode x = trace.putArray("x");
        ArrayNode y = trace.putArray("y");
        ArrayNode customdata = trace.putArray("customdata");
        for (int row : rows) {
            if (row < 0 || row >= coordinates.rows()) {
                throw new IllegalArgumentException("Sample " + row + " is out of range; the "
                        + "map has " + coordinates.rows() + " samples");
            }
            x.add(coordinates.get(row, 0));
            y.add(coordinates.get(row, 1));
            customdata.add(row);
        }
        trace.put("hoverinfo", "skip");
        return trace;
    }

    private static ObjectNode trace(String type, String name, String mode) {
        ObjectNode trace = NODES.objectNode();
        trace.put("type", type);
        trace.put("name", name);
        trace.put("mode", mode);
        trace.put("showlegend", false);
        return trace;
    }

    private static ObjectNode axis(String title) {
        ObjectNode axis = NODES.objectNode();
        axis.putObject("title").put("text", title);
        axis.put("gridcolor", GRID).put("linecolor", GRID).put("zerolinecolor", GRID)
                .put("zerolinewidth", 2);
        return axis;
    }

    private static FloatMatrix coordinates(ModelData model) {
        Objects.requireNonNull(model, "model");
        return model.coordinates().orElseThrow(() -> new IllegalStateException("Model '"
                + model.name() + "' has no map coordinates (umap_x, umap_y) to draw"));
    }

    private static ClassColors classColors(ModelData model) {
        List<Integer> ids = new ArrayList<>();
        model.classes().forEach(entry -> ids.add(entry.classId()));
        return ClassColors.of(ids);
    }

    /**
     * Returns the opacity of each sample by its noise, as the newer tool drew it: {@code 0.4 +
     * 0.6 · (ln σ_max − ln σ) / (ln σ_max − ln σ_min)} over the samples' σ, so the least noisy
     * samples are opaque; null when the samples hold fewer than two σ levels.
     */
    private static double[] noiseOpacity(SampleTable samples) {
        int n = samples.size();
        double[] logSigma = new double[n];
        TreeSet<Double> levels = new TreeSet<>();
        for (int row = 0; row < n; row++) {
            double sigma = samples.sigma(row);
            logSigma[row] = Double.isFinite(sigma) && sigma >= 0 ? Math.log(sigma + 1e-6)
                    : Double.NaN;
            if (!Double.isNaN(logSigma[row])) {
                levels.add(logSigma[row]);
            }
        }
        if (levels.size() < 2) {
            return null;
        }
        double low = levels.first();
        double high = levels.last();
        double[] opacity = new double[n];
        for (int row = 0; row < n; row++) {
            opacity[row] = Double.isNaN(logSigma[row]) ? 0.7
                    : 0.4 + 0.6 * (high - logSigma[row]) / (high - low);
        }
        return opacity;
    }
}
