package io.github.diffviews.figure;

import io.github.diffviews.ModelData;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.GenerationStep;
import io.github.diffviews.session.Trajectory;
import io.github.diffviews.session.TrajectoryPoint;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Entry points to the figures: the map of a model with its overlays, and the frames of a
 * generation as a contact sheet.
 *
 * <pre>{@code
 * ModelData model = Visualizer.open(Path.of("data")).defaultModelData();
 * Figures.map(model).select(0).suggest(5).highlightClass(3).toPng(Path.of("map.png"));
 * Figures.frames(generation, model).toPng(Path.of("frames.png"));
 * }</pre>
 */
public final class Figures {

    private Figures() {
    }

    /**
     * Starts a plot of a model's map, 900 x 700 pixels, with no overlays.
     *
     * @param model the model
     * @return the plot; configure it with its methods
     * @throws IllegalStateException if the model has no map coordinates
     */
    public static MapPlot map(ModelData model) {
        return MapPlot.of(model);
    }

    /**
     * Lays out the frames of a generation's first image, captioned with the class names of a
     * model.
     *
     * @param generation the generation
     * @param model the model that names the classes
     * @return the contact sheet
     */
    public static ContactSheet frames(Generation generation, ModelData model) {
        Objects.requireNonNull(model, "model");
        return ContactSheet.of(generation, 0, model::classNameOf);
    }

    /**
     * Lays out the frames of a generation's first image, captioned with class ids only
     * ({@code <id>: class <id> | Step i/n | σ=…}).
     *
     * @param generation the generation
     * @return the contact sheet
     */
    public static ContactSheet frames(Generation generation) {
        return ContactSheet.of(generation, 0, id -> "class " + id);
    }

    /**
     * Lays out images with captions.
     *
     * @param images the images, in reading order
     * @param captions one caption per image
     * @return the contact sheet
     * @throws IllegalArgumentException if there are no images or the counts differ
     */
    public static ContactSheet images(List<BufferedImage> images, List<String> captions) {
        return ContactSheet.of(images, captions);
    }

    /**
     * Returns the trajectory of one image of a generation whose steps were projected onto a
     * model's map (the generator was given a projector, for example
     * {@code .projector(model.projection()::transform)} with the map's layers captured). Steps
     * whose projection failed (NaN) are left out, as the viewer leaves them out.
     *
     * @param generation the generation
     * @param item the image of the batch
     * @param model the model whose map the points are on, which names the class
     * @return the trajectory
     * @throws IllegalArgumentException if the generation's steps carry no map points
     * @throws IndexOutOfBoundsException if the batch has no such image
     */
    public static Trajectory trajectory(Generation generation, int item, ModelData model) {
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(model, "model");
        int[] classes = generation.classes();
        Objects.checkIndex(item, classes.length);
        List<TrajectoryPoint> points = new ArrayList<>();
        for (GenerationStep step : generation.frames()) {
            float[][] stepPoints = step.points();
            if (stepPoints == null) {
                throw new IllegalArgumentException("The generation's steps carry no map points: "
                        + "build the generator with .capture(<the map's layers>) and "
                        + ".projector(model.projection()::transform)");
            }
            float[] point = stepPoints[item];
            if (point.length >= 2 && Float.isFinite(point[0]) && Float.isFinite(point[1])) {
                double z = point.length > 2 ? point[2] : Double.NaN;
                points.add(new TrajectoryPoint(step.index(), point[0], point[1], z,
                        step.sigma(), step.noiseLevel()));
            }
        }
        int classId = classes[item];
        String className = classId < 0 ? "no class" : model.classNameOf(classId);
        return new Trajectory(points, classId, className);
    }
}
