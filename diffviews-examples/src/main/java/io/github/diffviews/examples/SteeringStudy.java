package io.github.diffviews.examples;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.figure.Figures;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.session.Trajectory;
import io.github.diffviews.session.TrajectoryPoint;
import io.github.diffviews.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A steering study: can averaged activations pull a generation towards another class? For each
 * source class, the first sample of the class and its nearest map neighbors are averaged into
 * masks on the map's layers; images are then generated conditioned on the next class, with the
 * masks holding for 0, 1, ... steps, all from the same noise. A table reports where each
 * trajectory ends on the map, how far that is from the source group, and the class of the
 * sample nearest to the end; a contact sheet shows the images, one row per source class.
 *
 * <pre>
 * java -cp ... io.github.diffviews.examples.SteeringStudy [DATA_DIR [OUT_DIR]]
 * </pre>
 * {@code DATA_DIR} defaults to {@code -Ddiffviews.data}, else {@code DIFFVIEWS_DATA}, else
 * {@code demo-data} (what {@code ./diffviews demo --no-viewer} builds); {@code OUT_DIR} to
 * {@code target/steering}; it writes {@code steering.csv} and {@code steering.png}.
 */
public final class SteeringStudy {

    private SteeringStudy() {
    }

    /**
     * What to vary.
     *
     * @param classes how many source classes (the first ones of the model)
     * @param neighbors how many map neighbors join each source sample in the average
     * @param maskSteps the mask strengths: how many leading steps the masks hold for
     * @param seed the seed shared by every generation
     */
    public record Settings(int classes, int neighbors, int[] maskSteps, long seed) {

        /**
         * Checks the settings.
         */
        public Settings {
            if (classes < 2) {
                throw new IllegalArgumentException("Steering needs at least 2 classes, not "
                        + classes);
            }
            if (neighbors < 0 || maskSteps.length == 0) {
                throw new IllegalArgumentException("Need 0 or more neighbors and at least one "
                        + "mask strength");
            }
            maskSteps = maskSteps.clone();
        }

        /**
         * Returns the mask strengths.
         *
         * @return a copy
         */
        @Override
        public int[] maskSteps() {
            return maskSteps.clone();
        }
    }

    /**
     * One generation of the study.
     *
     * @param sourceClass the class whose activations were averaged
     * @param conditionedClass the class the generation was conditioned on
     * @param maskSteps how many steps the masks held for
     * @param endX the x coordinate where the trajectory ends
     * @param endY the y coordinate where the trajectory ends
     * @param distanceToSource the distance in x and y from the end to the source group's centre
     * @param nearestClass the class of the sample nearest to the end
     * @param image the generated image
     */
    public record Row(int sourceClass, int conditionedClass, int maskSteps, double endX,
            double endY, double distanceToSource, int nearestClass, BufferedImage image) {
    }

    /**
     * Runs the study from the command line with 3 classes, 5 neighbors and every mask strength
     * from 0 to the model's default steps.
     *
     * @param args {@code [DATA_DIR [OUT_DIR]]}
     * @throws IOException if the data cannot be read or the results written
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Path data = DefaultData.directory(args);
        Path out = Path.of(args.length > 1 ? args[1] : "target/steering");
        try (Visualizer visualizer = Visualizer.open(data)) {
            ModelData model = visualizer.defaultModelData();
            int steps = model.config().defaultSteps();
            int[] strengths = new int[steps + 1];
            Arrays.setAll(strengths, i -> i);
            List<Row> rows = run(model, new Settings(Math.min(3, model.classes().size()), 5,
                    strengths, 42), System.out);
            write(model, rows, strengths.length, out);
        }
    }

    /**
     * Runs the generations of the study and prints the table.
     *
     * @param model the model; it needs a network, weights and a map
     * @param settings what to vary
     * @param log where the table is printed
     * @return one row per generation, source class by source class
     * @throws IOException if the denoiser or the projection cannot be opened
     * @throws IllegalArgumentException if the model has fewer classes than asked for
     */
    public static List<Row> run(ModelData model, Settings settings, PrintStream log)
            throws IOException {
        List<ModelData.ClassCount> classes = model.classes();
        if (classes.size() < settings.classes()) {
            throw new IllegalArgumentException("Model '" + model.name() + "' has "
                    + classes.size() + " classes; the study asks for " + settings.classes());
        }
        Denoiser denoiser = model.denoiser();
        Projection projection = model.projection();
        List<String> layers = model.embeddingParameters().layers();
        FloatMatrix coordinates = model.coordinates().orElseThrow();
        int steps = model.config().defaultSteps();

        log.printf(Locale.ROOT, "%-22s %-22s %5s %9s %9s %10s  %s%n", "source", "conditioned on",
                "mask", "end x", "end y", "d(source)", "nearest class");
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < settings.classes(); c++) {
            int source = classes.get(c).classId();
            int conditioned = classes.get((c + 1) % settings.classes()).classId();
            List<Integer> group = group(model, source, settings.neighbors());
            double[] centre = centre(coordinates, group);

            for (int maskSteps : settings.maskSteps()) {
                Generation generation = MultistepGenerator.builder()
                        .steps(steps)
                        .sigmaRange(model.config().defaultSigmaMax(),
                                model.config().defaultSigmaMin())
                        .classLabel(conditioned)
                        .masker(model.masker(group, Math.min(maskSteps, steps)))
                        .captures(layers)
                        .projector(projection::transform)
                        .seed(settings.seed())
                        .build()
                        .generate(denoiser);
                Trajectory trajectory = Figures.trajectory(generation, 0, model);
                TrajectoryPoint end = trajectory.points().get(trajectory.points().size() - 1);
                double distance = Math.hypot(end.x() - centre[0], end.y() - centre[1]);
                Neighbor nearest = model.mapIndex().nearest(mapPoint(end, coordinates), 1)
                        .get(0);
                int nearestClass = model.samples().classId(nearest.index());
                rows.add(new Row(source, conditioned, maskSteps, end.x(), end.y(), distance,
                        nearestClass, generation.images().toBufferedImage(0)));
                log.printf(Locale.ROOT, "%-22s %-22s %5d %9.3f %9.3f %10.3f  %s%n",
                        label(model, source), label(model, conditioned), maskSteps, end.x(),
                        end.y(), distance, label(model, nearestClass));
            }
        }
        return rows;
    }

    /**
     * Writes the table as CSV and the images as a contact sheet.
     *
     * @param model the model, which names the classes
     * @param rows the study's rows
     * @param columns the images per row of the sheet (the number of mask strengths)
     * @param out the directory
     * @throws IOException if the files cannot be written
     */
    public static void write(ModelData model, List<Row> rows, int columns, Path out)
            throws IOException {
        StringBuilder csv = new StringBuilder("source_class,conditioned_class,mask_steps,end_x,"
                + "end_y,distance_to_source,nearest_class\n");
        List<BufferedImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (Row row : rows) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.6f,%d%n",
                    row.sourceClass(), row.conditionedClass(), row.maskSteps(), row.endX(),
                    row.endY(), row.distanceToSource(), row.nearestClass()));
            images.add(row.image());
            captions.add(String.format(Locale.ROOT, "%s → %s | mask %d",
                    model.classNameOf(row.sourceClass()),
                    model.classNameOf(row.conditionedClass()), row.maskSteps()));
        }
        AtomicFiles.writeString(out.resolve("steering.csv"), csv.toString());
        Figures.images(images, captions).columns(columns).cellSize(96)
                .title("Masks from the source class, generation conditioned on the next")
                .toPng(out.resolve("steering.png"));
    }

    private static List<Integer> group(ModelData model, int classId, int neighbors) {
        int[] members = model.samplesOfClass(classId);
        List<Integer> group = new ArrayList<>();
        group.add(members[0]);
        if (neighbors > 0) {
            model.mapNeighbors(members[0], neighbors).forEach(n -> group.add(n.index()));
        }
        return group;
    }

    private static double[] centre(FloatMatrix coordinates, List<Integer> group) {
        double x = 0;
        double y = 0;
        for (int sample : group) {
            x += coordinates.get(sample, 0);
            y += coordinates.get(sample, 1);
        }
        return new double[] {x / group.size(), y / group.size()};
    }

    /** The end point in the map's dimensions (a 3-D map takes z too). */
    private static float[] mapPoint(TrajectoryPoint point, FloatMatrix coordinates) {
        return coordinates.columns() >= 3
                ? new float[] {(float) point.x(), (float) point.y(), (float) point.z()}
                : new float[] {(float) point.x(), (float) point.y()};
    }

    private static String label(ModelData model, int classId) {
        return classId + ": " + model.classNameOf(classId);
    }
}
