package io.github.diffviews.examples;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.figure.ContactSheet;
import io.github.diffviews.figure.Figures;
import io.github.diffviews.figure.MapPlot;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.session.ExplorationState;
import io.github.diffviews.session.GalleryEntry;
import io.github.diffviews.session.Trajectory;
import io.github.diffviews.spi.BackendException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The quick start: open a data directory, find a sample's neighbors on the map and in activation
 * space, generate an image with the map's layers masked to their mean activations, draw the
 * generation's trajectory on the map and save the figures.
 *
 * <pre>
 * java -cp ... io.github.diffviews.examples.QuickStart [DATA_DIR [OUT_DIR [SAMPLE]]]
 * </pre>
 * {@code DATA_DIR} defaults to {@code -Ddiffviews.data}, else {@code DIFFVIEWS_DATA}, else
 * {@code demo-data} (what {@code ./diffviews demo --no-viewer} builds); {@code OUT_DIR} to
 * {@code target/quickstart}, {@code SAMPLE} to 0. It writes {@code map.png}, {@code map.html}
 * (when {@code diffviews-viz} is on the class path), {@code frames.png} and {@code image.png}.
 */
public final class QuickStart {

    /** How many neighbors the example suggests. */
    public static final int NEIGHBORS = 5;

    private QuickStart() {
    }

    /**
     * What the quick start made.
     *
     * @param model the model's name
     * @param sample the selected sample
     * @param mapNeighbors its nearest samples on the map
     * @param activationNeighbors its nearest samples in the activations of the map's layers
     * @param trajectory the generation's path over the map
     * @param mapPng the map with the selection, neighbors and trajectory
     * @param mapHtml the same as an interactive page, if an HTML writer was available
     * @param framesPng the generation's frames
     * @param imagePng the generated image
     */
    public record Result(String model, int sample, List<Neighbor> mapNeighbors,
            List<Neighbor> activationNeighbors, Trajectory trajectory, Path mapPng,
            Optional<Path> mapHtml, Path framesPng, Path imagePng) {
    }

    /**
     * Runs the quick start from the command line.
     *
     * @param args {@code [DATA_DIR [OUT_DIR [SAMPLE]]]}
     * @throws IOException if the data cannot be read or the figures written
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Path data = DefaultData.directory(args);
        Path out = Path.of(args.length > 1 ? args[1] : "target/quickstart");
        int sample = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        run(data, out, sample, System.out);
    }

    /**
     * Runs the quick start.
     *
     * @param dataDirectory the data directory (a model needs a network and weights to generate)
     * @param out where the figures go
     * @param sample the sample to start from
     * @param log where to print what happens
     * @return what was made
     * @throws IOException if the data cannot be read or the figures written
     */
    public static Result run(Path dataDirectory, Path out, int sample, PrintStream log)
            throws IOException {
        try (Visualizer visualizer = Visualizer.open(dataDirectory)) {
            ModelData model = visualizer.defaultModelData();
            log.printf(Locale.ROOT, "Model %s: %d samples, map layers %s%n", model.name(),
                    model.size(), model.embeddingParameters().layers());

            // 1. Neighbors of the sample, on the map and in the activations of the map's layers.
            List<String> layers = model.embeddingParameters().layers();
            List<Neighbor> onMap = model.mapNeighbors(sample, NEIGHBORS);
            List<Neighbor> inActivations = model.activationNeighbors(sample, NEIGHBORS, layers);
            log.printf(Locale.ROOT, "Sample %d (%s): map neighbors %s%n", sample,
                    model.className(sample), indices(onMap));
            log.printf(Locale.ROOT, "  activation neighbors %s%n", indices(inActivations));

            // 2. The exploration: select the sample and suggest its map neighbors.
            ExplorationState state = ExplorationState.start(model.name()).select(sample)
                    .suggest(model.mapIndex(), NEIGHBORS);
            for (GalleryEntry entry : state.gallery()) {
                log.println("  " + entry.caption(model.samples().classId(entry.sample()),
                        model.className(entry.sample())));
            }

            // 3. Generate with the map's layers pinned to the group's mean for the first step,
            //    recording those layers at every step and placing them on the map.
            Projection projection = model.projection();
            int steps = model.config().defaultSteps();
            Generation generation = MultistepGenerator.builder()
                    .steps(steps)
                    .sigmaRange(model.config().defaultSigmaMax(),
                            model.config().defaultSigmaMin())
                    .classLabel(model.samples().classId(sample))
                    .masker(model.masker(state.generationSamples(), 1))
                    .captures(layers)
                    .projector(projection::transform)
                    .seed(42)
                    .build()
                    .generate(model.denoiser());
            log.printf(Locale.ROOT, "Generated %d steps, σ %s%n", generation.frames().size(),
                    java.util.Arrays.toString(generation.sigmas()));

            // 4. The trajectory on the map, and the figures.
            Trajectory trajectory = Figures.trajectory(generation, 0, model);
            state = state.addTrajectory(trajectory);
            MapPlot plot = Figures.map(model).state(state).title(model.name()
                    + ": sample " + sample + ", its neighbors and a generation");
            Path mapPng = plot.toPng(out.resolve("map.png"));
            Optional<Path> mapHtml;
            try {
                mapHtml = Optional.of(plot.toHtml(out.resolve("map.html")));
            } catch (BackendException e) {
                log.println("No HTML figure: " + e.getMessage());
                mapHtml = Optional.empty();
            }
            ContactSheet frames = Figures.frames(generation, model);
            Path framesPng = frames.toPng(out.resolve("frames.png"));
            Path imagePng = out.resolve("image.png");
            ImageIO.write(generation.images().toBufferedImage(0), "png", imagePng.toFile());
            log.printf(Locale.ROOT, "Wrote %s, %s, %s%s%n", mapPng, framesPng, imagePng,
                    mapHtml.map(path -> " and " + path).orElse(""));
            return new Result(model.name(), sample, onMap, inActivations, trajectory, mapPng,
                    mapHtml, framesPng, imagePng);
        }
    }

    private static List<Integer> indices(List<Neighbor> neighbors) {
        return neighbors.stream().map(Neighbor::index).toList();
    }
}
