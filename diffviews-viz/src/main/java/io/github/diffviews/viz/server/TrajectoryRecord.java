package io.github.diffviews.viz.server;

import io.github.diffviews.session.Trajectory;
import io.github.diffviews.session.TrajectoryPoint;
import io.github.diffviews.task.CancellationToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One generation of a session: its settings and class, the composite frame of every step as it
 * arrives (so hovering a step of a trajectory still being drawn shows its frame), the map points,
 * and the final image once done. Frames are appended by the generating thread and read by
 * request threads.
 */
final class TrajectoryRecord {

    /** One denoising step: σ, its noise level, the map point if projected, the frame as PNG. */
    record Frame(int step, double sigma, double noiseLevel, Double x, Double y, byte[] png) {
    }

    private final int index;
    private final int classId;
    private final String className;
    private final GenerationSettings settings;
    private final CancellationToken cancellation = CancellationToken.create();
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private volatile byte[] finalPng;
    private volatile long seed = -1;
    private volatile String projectionNote;

    TrajectoryRecord(int index, int classId, String className, GenerationSettings settings) {
        this.index = index;
        this.classId = classId;
        this.className = className;
        this.settings = settings;
    }

    int index() {
        return index;
    }

    int classId() {
        return classId;
    }

    String className() {
        return className;
    }

    /** The label of the class, {@code "<id>: <name>"}, or {@code "no class"}. */
    String classLabel() {
        return classId < 0 ? "no class" : classId + ": " + className;
    }

    GenerationSettings settings() {
        return settings;
    }

    int steps() {
        return settings.steps();
    }

    CancellationToken cancellation() {
        return cancellation;
    }

    void addFrame(Frame frame) {
        frames.add(frame);
    }

    List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** Returns a step's frame, 1-based, if it has arrived. */
    Frame frame(int step) {
        List<Frame> current = frames;
        return step >= 1 && step <= current.size() ? current.get(step - 1) : null;
    }

    byte[] finalPng() {
        return finalPng;
    }

    void finish(byte[] png, long usedSeed) {
        this.seed = usedSeed;
        this.finalPng = png;
    }

    boolean done() {
        return finalPng != null;
    }

    long seed() {
        return seed;
    }

    String projectionNote() {
        return projectionNote;
    }

    void projectionNote(String note) {
        this.projectionNote = note;
    }

    /** The caption of a step's frame, {@code "<id>: <name> | Step i/n | σ=…"}. */
    String caption(Frame frame) {
        return String.format(Locale.ROOT, "%s | Step %d/%d | σ=%.1f", classLabel(), frame.step(),
                steps(), frame.sigma());
    }

    /** The map path of the steps projected so far. */
    Trajectory trajectory() {
        List<TrajectoryPoint> points = new ArrayList<>();
        for (Frame frame : frames) {
            if (frame.x() != null) {
                points.add(new TrajectoryPoint(frame.step() - 1, frame.x(), frame.y(),
                        Double.NaN, frame.sigma(), frame.noiseLevel()));
            }
        }
        return new Trajectory(points, classId, className);
    }
}
