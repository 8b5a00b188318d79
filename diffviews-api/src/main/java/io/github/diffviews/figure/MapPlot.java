package io.github.diffviews.figure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.ModelData;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.notebook.Notebooks;
import io.github.diffviews.session.ExplorationState;
import io.github.diffviews.session.Trajectory;
import io.github.diffviews.spi.Backends;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * The map of one model with the overlays of an exploration state, ready to be written as a
 * Plotly figure (JSON), an image (PNG, drawn in Java) or a self-contained HTML page.
 *
 * <pre>{@code
 * MapPlot plot = Figures.map(model).select(12).suggest(5).highlightClass(3)
 *         .trajectory(generation).width(900).height(700);
 * plot.toPng(Path.of("map.png"));
 * plot.toHtml(Path.of("map.html"));       // needs diffviews-viz on the class path
 * ObjectNode figure = plot.toJson();
 * }</pre>
 *
 * <p>A plot is an immutable value: every method that configures it returns a new plot, so a
 * base plot can be shared and varied. The figure itself is {@link MapFigure}'s, the one the
 * viewer draws; the image is drawn from the same description, so both show the same points,
 * colours and overlays. In a Jupyter notebook on the IJava or JJava kernel a plot displays
 * itself (see {@link Notebooks}).
 */
public final class MapPlot {

    /** The default width in pixels. */
    public static final int DEFAULT_WIDTH = 900;

    /** The default height in pixels. */
    public static final int DEFAULT_HEIGHT = 700;

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        Notebooks.installIfPresent();
    }

    private final ModelData model;
    private final ExplorationState state;
    private final int width;
    private final int height;
    private final String title;

    private MapPlot(ModelData model, ExplorationState state, int width, int height,
            String title) {
        this.model = model;
        this.state = state;
        this.width = width;
        this.height = height;
        this.title = title;
    }

    /**
     * Starts a plot of a model's map with no overlays.
     *
     * @param model the model
     * @return the plot
     * @throws IllegalStateException if the model has no map coordinates
     */
    static MapPlot of(ModelData model) {
        Objects.requireNonNull(model, "model");
        if (model.coordinates().isEmpty()) {
            throw new IllegalStateException("Model '" + model.name() + "' has no map "
                    + "coordinates (umap_x, umap_y) to plot; fit a map first (fit-umap)");
        }
        return new MapPlot(model, ExplorationState.start(model.name()), DEFAULT_WIDTH,
                DEFAULT_HEIGHT, "Activation UMAP");
    }

    /**
     * Returns the model plotted.
     *
     * @return the model
     */
    public ModelData model() {
        return model;
    }

    /**
     * Returns the exploration state whose overlays are drawn.
     *
     * @return the state
     */
    public ExplorationState state() {
        return state;
    }

    /**
     * Returns the width.
     *
     * @return pixels
     */
    public int width() {
        return width;
    }

    /**
     * Returns the height.
     *
     * @return pixels
     */
    public int height() {
        return height;
    }

    /**
     * Returns the title.
     *
     * @return the title, empty for none
     */
    public String title() {
        return title;
    }

    /**
     * Draws the overlays of an exploration state: its selection, suggested and manual
     * neighbors, class highlight and trajectories. It replaces the overlays set so far.
     *
     * @param newState a state of this plot's model
     * @return the new plot
     * @throws IllegalArgumentException if the state explores another model
     */
    public MapPlot state(ExplorationState newState) {
        Objects.requireNonNull(newState, "newState");
        if (!newState.model().equals(model.name())) {
            throw new IllegalArgumentException("The state explores model '" + newState.model()
                    + "', not '" + model.name() + "'");
        }
        return new MapPlot(model, newState, width, height, title);
    }

    /**
     * Selects a sample (its neighbors are reset, as a click on it would).
     *
     * @param sample the row index
     * @return the new plot
     * @throws IllegalArgumentException if the sample is out of range
     */
    public MapPlot select(int sample) {
        checkSample(sample);
        return with(state.select(sample));
    }

    /**
     * Marks the {@code k} samples nearest to the selection on the map as suggested neighbors.
     *
     * @param k how many, 1 to {@value ExplorationState#MAX_NEIGHBORS}
     * @return the new plot
     * @throws IllegalStateException if nothing is selected
     * @throws IllegalArgumentException if {@code k} is out of range
     */
    public MapPlot suggest(int k) {
        return with(state.suggest(model.mapIndex(), k));
    }

    /**
     * Marks given samples as the suggested neighbors, for example activation-space neighbors
     * from {@link ModelData#activationNeighbors(int, int, List)}.
     *
     * @param neighbors the neighbors with their distances
     * @return the new plot
     * @throws IllegalStateException if nothing is selected
     * @throws IllegalArgumentException if a neighbor is out of range
     */
    public MapPlot suggest(List<Neighbor> neighbors) {
        for (Neighbor neighbor : neighbors) {
            checkSample(neighbor.index());
        }
        return with(state.suggest(neighbors));
    }

    /**
     * Toggles a sample as a manual neighbor of the selection, as a click on it would.
     *
     * @param sample the row index
     * @return the new plot
     * @throws IllegalStateException if nothing is selected
     * @throws IllegalArgumentException if the sample is out of range or is the selection
     */
    public MapPlot toggleNeighbor(int sample) {
        checkSample(sample);
        return with(state.toggleNeighbor(sample));
    }

    /**
     * Highlights the samples of a class.
     *
     * @param classId the class id
     * @return the new plot
     */
    public MapPlot highlightClass(int classId) {
        return with(state.highlightClass(classId));
    }

    /**
     * Adds a trajectory.
     *
     * @param trajectory the trajectory; one with fewer than two points is kept but not drawn
     * @return the new plot
     */
    public MapPlot trajectory(Trajectory trajectory) {
        return with(state.addTrajectory(trajectory));
    }

    /**
     * Adds the trajectory of the first image of a generation, whose steps were projected onto
     * this model's map (see {@link Figures#trajectory(Generation, int, ModelData)}).
     *
     * @param generation the generation
     * @return the new plot
     * @throws IllegalArgumentException if the generation's steps carry no map points
     */
    public MapPlot trajectory(Generation generation) {
        return trajectory(Figures.trajectory(generation, 0, model));
    }

    /**
     * Sets the size of the image and of the HTML figure.
     *
     * @param newWidth pixels, at least 200
     * @return the new plot
     * @throws IllegalArgumentException if the width is below 200 or above 10,000
     */
    public MapPlot width(int newWidth) {
        return new MapPlot(model, state, checkSize(newWidth, "Width"), height, title);
    }

    /**
     * Sets the height of the image and of the HTML figure.
     *
     * @param newHeight pixels, at least 200
     * @return the new plot
     * @throws IllegalArgumentException if the height is below 200 or above 10,000
     */
    public MapPlot height(int newHeight) {
        return new MapPlot(model, state, width, checkSize(newHeight, "Height"), title);
    }

    /**
     * Sets the title.
     *
     * @param newTitle the title; empty for none
     * @return the new plot
     */
    public MapPlot title(String newTitle) {
        return new MapPlot(model, state, width, height, Objects.requireNonNull(newTitle,
                "newTitle"));
    }

    /**
     * Returns the Plotly figure: {@link MapFigure#of}, with this plot's size and title.
     *
     * @return a new {@code {"data": [...], "layout": {...}}}
     * @throws IllegalArgumentException if the state refers to a sample the model lacks
     */
    public ObjectNode toJson() {
        ObjectNode figure = MapFigure.of(model, state);
        ObjectNode layout = (ObjectNode) figure.get("layout");
        layout.put("width", width).put("height", height).put("autosize", false);
        if (title.isEmpty()) {
            layout.remove("title");
        } else {
            layout.putObject("title").put("text", title).put("x", 0.5);
        }
        return figure;
    }

    /**
     * Returns the Plotly figure as a JSON string.
     *
     * @return the JSON text
     */
    public String toJsonString() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the figure as JSON", e);
        }
    }

    /**
     * Draws the figure with Java2D; needs no display.
     *
     * @return a new RGB image of {@link #width()} x {@link #height()} pixels
     */
    public BufferedImage toImage() {
        return FigurePainter.paint(toJson(), width, height);
    }

    /**
     * Draws the figure as PNG bytes.
     *
     * @return the PNG file's bytes
     */
    public byte[] toPngBytes() {
        return png(toImage());
    }

    /**
     * Writes the figure as a PNG file, atomically.
     *
     * @param file the file to write
     * @return the file
     * @throws IOException if it cannot be written
     */
    public Path toPng(Path file) throws IOException {
        byte[] bytes = toPngBytes();
        AtomicFiles.write(file, out -> out.write(bytes));
        return file;
    }

    /**
     * Returns a self-contained HTML page that draws the interactive figure with Plotly.js
     * written into the page, so it opens without a network.
     *
     * @return the HTML document
     * @throws io.github.diffviews.spi.BackendException if no {@link HtmlFigureProvider} is on the
     *     class path (add {@code io.github.diffviews:diffviews-viz})
     */
    public String toHtml() {
        return htmlWriter().page(toJson(), title.isEmpty() ? model.name() : title);
    }

    /**
     * Writes the self-contained HTML page, atomically.
     *
     * @param file the file to write
     * @return the file
     * @throws IOException if it cannot be written
     * @throws io.github.diffviews.spi.BackendException if no {@link HtmlFigureProvider} is on the
     *     class path (add {@code io.github.diffviews:diffviews-viz})
     */
    public Path toHtml(Path file) throws IOException {
        byte[] bytes = toHtml().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
        return file;
    }

    @Override
    public String toString() {
        return "MapPlot[" + model.name() + ", " + model.size() + " samples, " + width + "x"
                + height + ", " + state + "]";
    }

    static HtmlFigureWriter htmlWriter() {
        return Backends.load(HtmlFigureProvider.KIND).select().get();
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("No PNG writer is installed in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a PNG image", e);
        }
        return out.toByteArray();
    }

    private MapPlot with(ExplorationState newState) {
        return new MapPlot(model, newState, width, height, title);
    }

    private void checkSample(int sample) {
        if (sample < 0 || sample >= model.size()) {
            throw new IllegalArgumentException("Sample " + sample + " is out of range: model '"
                    + model.name() + "' has " + model.size() + " samples (0-"
                    + (model.size() - 1) + ")");
        }
    }

    private static int checkSize(int pixels, String what) {
        if (pixels < 200 || pixels > 10_000) {
            throw new IllegalArgumentException(what + " " + pixels
                    + " is out of range; expected 200 to 10000 pixels");
        }
        return pixels;
    }
}
