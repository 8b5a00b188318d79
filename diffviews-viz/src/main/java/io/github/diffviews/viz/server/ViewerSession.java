package io.github.diffviews.viz.server;

import io.github.diffviews.session.ExplorationState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The server side of one browser tab: its {@link ExplorationState} and the generations it made,
 * with their frames. Every change happens under the session's lock and replaces the immutable
 * state, so concurrent requests of one tab see whole states; tabs never share a session.
 *
 * <p>At most one generation runs per session. Its record is listed at once, so its frames can be
 * shown while it runs, and its trajectory joins the exploration state when it finishes; the
 * records and the state's trajectories therefore stay index-aligned.
 */
final class ViewerSession {

    private final String id;
    private ExplorationState state;
    private final List<TrajectoryRecord> records = new ArrayList<>();
    private TrajectoryRecord running;
    private GenerationSettings lastSettings;
    private volatile long lastAccess;

    ViewerSession(String id, String model, long now) {
        this.id = id;
        this.state = ExplorationState.start(model);
        this.lastAccess = now;
    }

    String id() {
        return id;
    }

    long lastAccess() {
        return lastAccess;
    }

    void touch(long now) {
        lastAccess = now;
    }

    synchronized ExplorationState state() {
        return state;
    }

    synchronized ExplorationState update(UnaryOperator<ExplorationState> action) {
        state = action.apply(state);
        return state;
    }

    /** Switches the model, which resets everything and cancels a running generation. */
    synchronized ExplorationState switchModel(String model) {
        if (!model.equals(state.model())) {
            dropGenerations();
            state = state.switchModel(model);
        }
        return state;
    }

    /** Removes every trajectory and its frames, cancelling a running generation. */
    synchronized ExplorationState clearTrajectories() {
        dropGenerations();
        state = state.clearTrajectories();
        return state;
    }

    private void dropGenerations() {
        if (running != null) {
            running.cancellation().cancel();
            running = null;
        }
        records.clear();
    }

    /** A consistent view of the session: state, generations, and whether one is running. */
    record Snapshot(ExplorationState state, List<TrajectoryRecord> records,
            TrajectoryRecord running, GenerationSettings lastSettings) {
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(state, List.copyOf(records), running, lastSettings);
    }

    synchronized List<TrajectoryRecord> records() {
        return List.copyOf(records);
    }

    synchronized TrajectoryRecord record(int index) {
        return index >= 0 && index < records.size() ? records.get(index) : null;
    }

    synchronized boolean generating() {
        return running != null;
    }

    synchronized GenerationSettings lastSettings() {
        return lastSettings;
    }

    /**
     * Lists a new generation, unless one is running or the session holds too many.
     *
     * @throws HttpError 409 when a generation is running or {@code limit} are kept
     */
    synchronized TrajectoryRecord begin(int classId, String className,
            GenerationSettings settings, int limit) {
        if (running != null) {
            throw HttpError.conflict("A generation is already running in this tab; wait for it "
                    + "or press Clear");
        }
        if (records.size() >= limit) {
            throw HttpError.conflict("This tab holds " + limit + " trajectories, the most it "
                    + "keeps; press Clear first");
        }
        TrajectoryRecord record = new TrajectoryRecord(records.size(), classId, className,
                settings);
        records.add(record);
        running = record;
        lastSettings = settings;
        return record;
    }

    /** Adds a finished generation's trajectory to the state; false if it was dropped. */
    synchronized boolean finish(TrajectoryRecord record) {
        if (running != record) {
            return false;
        }
        running = null;
        state = state.addTrajectory(record.trajectory());
        return true;
    }

    /** Removes a generation that failed or was cancelled. */
    synchronized void abandon(TrajectoryRecord record) {
        if (running == record) {
            running = null;
            records.remove(record);
        }
    }

    /** Cancels a running generation, when the session expires. */
    synchronized void close() {
        if (running != null) {
            running.cancellation().cancel();
        }
    }
}
