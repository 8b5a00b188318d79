package io.github.diffviews.viz.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.figure.MapFigure;
import io.github.diffviews.generation.ActivationMasker;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.GenerationStep;
import io.github.diffviews.generation.ImageBatch;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.generation.TrajectoryProjector;
import io.github.diffviews.projection.Projection;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One "generate from neighbors" of a session, run on the generation pool: the mean activations
 * of the selection and its neighbors become masks on the map's layers, the generation captures
 * the same layers at every step and projects them onto the map, and each step's composite frame
 * and map point are stored in the session and streamed to the page as they come.
 *
 * <p>Events: {@code started} (the trajectory), {@code status} (a message), one {@code step} per
 * denoising step (1-based step, σ, noise level, the map point, the frame's URL and the
 * trajectory's traces so far), then {@code done} (the final image and the session's state),
 * {@code cancelled} or {@code error}.
 */
final class GenerationJob implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationJob.class);

    private final ModelRuntime runtime;
    private final ViewerSession session;
    private final TrajectoryRecord record;
    private final List<Integer> rows;
    private final EventStream events;
    private final AtomicBoolean projectionFailed = new AtomicBoolean();

    GenerationJob(ModelRuntime runtime, ViewerSession session, TrajectoryRecord record,
            List<Integer> rows, EventStream events) {
        this.runtime = runtime;
        this.session = session;
        this.record = record;
        this.rows = List.copyOf(rows);
        this.events = events;
    }

    @Override
    public void run() {
        try (events) {
            events.send("started", Views.trajectory(record));
            try {
                generate();
            } catch (CancellationException e) {
                session.abandon(record);
                events.send("cancelled", message("The generation was cancelled"));
            } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
                session.abandon(record);
                LOG.debug("Generation failed: {}", e.toString());
                events.send("error", message(e.getMessage()));
            } catch (RuntimeException | Error e) {
                session.abandon(record);
                LOG.warn("Generation failed unexpectedly", e);
                events.send("error", message("The generation failed: " + e));
            }
        }
    }

    private void generate() {
        events.send("status", message("Preparing the network, masks and projection"));
        Denoiser denoiser = runtime.denoiser();
        GenerationSettings settings = record.settings();
        ActivationMasker masker = runtime.model().masker(rows, settings.maskSteps());

        MultistepGenerator.Builder builder = MultistepGenerator.builder()
                .steps(settings.steps())
                .sigmaRange(settings.sigmaMax(), settings.sigmaMin())
                .guidance(settings.guidance())
                .noiseMode(settings.noiseMode())
                .sampler(settings.sampler())
                .masker(masker)
                .captures(runtime.mapLayers())
                .cancellation(record.cancellation())
                .listener(this::onStep);
        if (record.classId() >= 0) {
            builder.classLabel(record.classId());
        } else {
            builder.noClass();
        }
        if (settings.seed() != null) {
            builder.seed(settings.seed());
        }
        TrajectoryProjector projector = projector(denoiser);
        if (projector != null) {
            builder.projector(projector);
        }

        record.cancellation().throwIfCancelled("Generation");
        Generation generation = builder.build().generate(denoiser);

        List<GenerationStep> frames = generation.frames();
        BufferedImage last = frames.get(frames.size() - 1).noisedImages().toBufferedImage(0);
        record.finish(png(ImageBatch.composite(generation.images().toBufferedImage(0), last)),
                generation.seed());
        if (!session.finish(record)) {
            events.send("cancelled", message("The trajectories were cleared"));
            return;
        }
        ObjectNode done = Jsons.MAPPER.createObjectNode();
        done.set("trajectory", Views.trajectory(record));
        done.set("state", Views.state(runtime, session.snapshot()));
        events.send("done", done);
    }

    /** The model's projection as a trajectory projector, or null with a note saying why not. */
    private TrajectoryProjector projector(Denoiser denoiser) {
        Projection projection;
        try {
            projection = runtime.model().projection();
        } catch (IOException | RuntimeException e) {
            return noProjection("the map has no usable projection: " + e.getMessage());
        }
        int width = denoiser.layers().sizes(runtime.mapLayers()).values().stream()
                .mapToInt(Integer::intValue).sum();
        if (projection.inputWidth() != width) {
            return noProjection("the projection takes rows of " + projection.inputWidth()
                    + " values but the map's layers have " + width);
        }
        return row -> {
            try {
                return projection.transform(row);
            } catch (RuntimeException e) {
                if (projectionFailed.compareAndSet(false, true)) {
                    LOG.warn("Projecting a step of a trajectory failed: {}", e.toString());
                }
                return new float[] {Float.NaN, Float.NaN};
            }
        };
    }

    private TrajectoryProjector noProjection(String reason) {
        LOG.warn("Trajectory not drawn: {}", reason);
        record.projectionNote("Trajectory not drawn: " + reason);
        events.send("status", message(record.projectionNote()));
        return null;
    }

    private void onStep(GenerationStep step) {
        float[][] points = step.points();
        Double x = null;
        Double y = null;
        if (points != null && Float.isFinite(points[0][0]) && Float.isFinite(points[0][1])) {
            x = (double) points[0][0];
            y = (double) points[0][1];
        }
        TrajectoryRecord.Frame frame = new TrajectoryRecord.Frame(step.index() + 1,
                step.sigma(), step.noiseLevel(), x, y, png(step.composite(0)));
        record.addFrame(frame);
        if (record.cancellation().isCancelled()) {
            return;
        }

        ObjectNode event = Views.frame(record, frame);
        event.put("trajectory", record.index());
        event.put("steps", record.steps());
        event.set("traces", MapFigure.trajectoryTraces(record.index(), record.trajectory()));
        events.send("step", event);
    }

    private static ObjectNode message(String text) {
        return Jsons.MAPPER.createObjectNode().put("message", text);
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("No PNG writer is installed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a frame as PNG", e);
        }
        return out.toByteArray();
    }
}
