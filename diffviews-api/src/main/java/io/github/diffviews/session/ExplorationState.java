package io.github.diffviews.session;

import io.github.diffviews.data.SampleTable;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.neighbors.NeighborIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What one user is looking at: the model, the selected sample, its neighbors (added by hand or
 * suggested by nearest-neighbor search, with distances), the highlighted class and the
 * trajectories of the generations made so far.
 *
 * <p>A state is an immutable value; every action returns a new state and leaves this one as it
 * was, so states can be shared between threads, kept for undo, or compared. The transitions
 * follow the Python tool's viewer:
 * <ul>
 *   <li>clicking with nothing selected selects; clicking the selected sample does nothing;
 *       clicking another sample toggles it as a neighbor;</li>
 *   <li>a sample becomes a manual neighbor only while there are fewer than
 *       {@value #MAX_NEIGHBORS} neighbors in all;</li>
 *   <li>suggesting replaces the suggested neighbors and keeps the manual ones;</li>
 *   <li>clearing the selection clears the neighbors but keeps the class highlight and the
 *       trajectories; switching to another model resets everything.</li>
 * </ul>
 */
public final class ExplorationState {

    /** The most neighbors a selection can have, manual and suggested together. */
    public static final int MAX_NEIGHBORS = 20;

    private final String model;
    private final int selected;
    private final List<Integer> manual;
    private final List<Neighbor> suggested;
    private final int highlightedClass;
    private final boolean highlighting;
    private final List<Trajectory> trajectories;

    private ExplorationState(String model, int selected, List<Integer> manual,
            List<Neighbor> suggested, int highlightedClass, boolean highlighting,
            List<Trajectory> trajectories) {
        this.model = Objects.requireNonNull(model, "model");
        this.selected = selected;
        this.manual = List.copyOf(manual);
        this.suggested = List.copyOf(suggested);
        this.highlightedClass = highlightedClass;
        this.highlighting = highlighting;
        this.trajectories = List.copyOf(trajectories);
    }

    /**
     * Returns the state of a user who just opened a model: nothing selected, no neighbors, no
     * highlight, no trajectories.
     *
     * @param model the model's name
     * @return the initial state
     */
    public static ExplorationState start(String model) {
        return new ExplorationState(model, -1, List.of(), List.of(), 0, false, List.of());
    }

    /**
     * Returns the model being explored.
     *
     * @return the model's name
     */
    public String model() {
        return model;
    }

    /**
     * Returns the selected sample.
     *
     * @return its row index, if one is selected
     */
    public OptionalInt selected() {
        return selected < 0 ? OptionalInt.empty() : OptionalInt.of(selected);
    }

    /**
     * Returns the neighbors added by hand, in the order they were added.
     *
     * @return their row indices
     */
    public List<Integer> manualNeighbors() {
        return manual;
    }

    /**
     * Returns the suggested neighbors with their distances, nearest first.
     *
     * @return the suggestions
     */
    public List<Neighbor> suggestedNeighbors() {
        return suggested;
    }

    /**
     * Returns the highlighted class.
     *
     * @return its id, if a class is highlighted
     */
    public OptionalInt highlightedClass() {
        return highlighting ? OptionalInt.of(highlightedClass) : OptionalInt.empty();
    }

    /**
     * Returns the trajectories of the generations made so far, oldest first.
     *
     * @return the trajectories
     */
    public List<Trajectory> trajectories() {
        return trajectories;
    }

    /**
     * Returns how many distinct neighbors the selection has, manual and suggested together.
     *
     * @return the neighbor count
     */
    public int neighborCount() {
        Set<Integer> all = new LinkedHashSet<>(manual);
        suggested.forEach(n -> all.add(n.index()));
        return all.size();
    }

    /**
     * Tells whether another manual neighbor can be added.
     *
     * @return false once there are {@value #MAX_NEIGHBORS} neighbors
     */
    public boolean canAddNeighbor() {
        return neighborCount() < MAX_NEIGHBORS;
    }

    /**
     * Selects a sample, as a click does when nothing is selected: the neighbors are reset, the
     * class highlight and the trajectories are kept.
     *
     * @param sample the row index
     * @return the new state
     * @throws IllegalArgumentException if the index is negative
     */
    public ExplorationState select(int sample) {
        checkSample(sample);
        if (sample == selected) {
            return this;
        }
        return new ExplorationState(model, sample, List.of(), List.of(), highlightedClass,
                highlighting, trajectories);
    }

    /**
     * Applies a click on a sample: with nothing selected it selects the sample; on the
     * selected sample it does nothing; on any other sample it toggles that sample as a
     * neighbor (see {@link #toggleNeighbor(int)}).
     *
     * @param sample the clicked row index
     * @return the new state (this one when nothing changes)
     */
    public ExplorationState click(int sample) {
        checkSample(sample);
        if (selected < 0) {
            return select(sample);
        }
        if (sample == selected) {
            return this;
        }
        return toggleNeighbor(sample);
    }

    /**
     * Toggles a neighbor: a manual neighbor is removed; otherwise a suggested neighbor is
     * removed; otherwise the sample is added as a manual neighbor if there is room.
     *
     * @param sample the row index
     * @return the new state (this one when the neighbor limit prevents adding)
     * @throws IllegalStateException if nothing is selected
     * @throws IllegalArgumentException if the sample is the selected one or negative
     */
    public ExplorationState toggleNeighbor(int sample) {
        checkSample(sample);
        requireSelection("toggle a neighbor");
        if (sample == selected) {
            throw new IllegalArgumentException("Sample " + sample
                    + " is the selection itself, not a neighbor");
        }
        if (manual.contains(sample)) {
            List<Integer> remaining = new ArrayList<>(manual);
            remaining.remove(Integer.valueOf(sample));
            return withNeighbors(remaining, suggested);
        }
        for (Neighbor neighbor : suggested) {
            if (neighbor.index() == sample) {
                List<Neighbor> remaining = new ArrayList<>(suggested);
                remaining.remove(neighbor);
                return withNeighbors(manual, remaining);
            }
        }
        if (!canAddNeighbor()) {
            return this;
        }
        List<Integer> added = new ArrayList<>(manual);
        added.add(sample);
        return withNeighbors(added, suggested);
    }

    /**
     * Replaces the suggested neighbors, keeping the manual ones.
     *
     * @param neighbors the suggestions with their distances; the selection itself and
     *     duplicates are dropped, at most {@value #MAX_NEIGHBORS} are kept
     * @return the new state
     * @throws IllegalStateException if nothing is selected
     */
    public ExplorationState suggest(List<Neighbor> neighbors) {
        requireSelection("suggest neighbors");
        List<Neighbor> kept = new ArrayList<>();
        Set<Integer> seen = new LinkedHashSet<>();
        List<Neighbor> sorted = new ArrayList<>(neighbors);
        Collections.sort(sorted);
        for (Neighbor neighbor : sorted) {
            if (neighbor.index() != selected && seen.add(neighbor.index())
                    && kept.size() < MAX_NEIGHBORS) {
                kept.add(neighbor);
            }
        }
        return withNeighbors(manual, kept);
    }

    /**
     * Suggests the {@code k} nearest neighbors of the selection from an index.
     *
     * @param index the index to search (the map, or activations)
     * @param k how many, 1 to {@value #MAX_NEIGHBORS}
     * @return the new state
     * @throws IllegalStateException if nothing is selected
     * @throws IllegalArgumentException if {@code k} is out of range
     */
    public ExplorationState suggest(NeighborIndex index, int k) {
        requireSelection("suggest neighbors");
        if (k < 1 || k > MAX_NEIGHBORS) {
            throw new IllegalArgumentException("k = " + k + ", expected 1 to " + MAX_NEIGHBORS);
        }
        return suggest(index.nearest(selected, k));
    }

    /**
     * Removes every neighbor, keeping the selection.
     *
     * @return the new state
     */
    public ExplorationState clearNeighbors() {
        return withNeighbors(List.of(), List.of());
    }

    /**
     * Clears the selection and its neighbors; the class highlight and trajectories stay.
     *
     * @return the new state
     */
    public ExplorationState clearSelection() {
        return new ExplorationState(model, -1, List.of(), List.of(), highlightedClass,
                highlighting, trajectories);
    }

    /**
     * Highlights a class; the selection, neighbors and trajectories stay.
     *
     * @param classId the class id
     * @return the new state
     */
    public ExplorationState highlightClass(int classId) {
        return new ExplorationState(model, selected, manual, suggested, classId, true,
                trajectories);
    }

    /**
     * Removes the class highlight.
     *
     * @return the new state
     */
    public ExplorationState clearHighlight() {
        return new ExplorationState(model, selected, manual, suggested, 0, false, trajectories);
    }

    /**
     * Adds the trajectory of a new generation; earlier ones stay.
     *
     * @param trajectory the trajectory
     * @return the new state
     */
    public ExplorationState addTrajectory(Trajectory trajectory) {
        Objects.requireNonNull(trajectory, "trajectory");
        List<Trajectory> all = new ArrayList<>(trajectories);
        all.add(trajectory);
        return new ExplorationState(model, selected, manual, suggested, highlightedClass,
                highlighting, all);
    }

    /**
     * Removes every trajectory.
     *
     * @return the new state
     */
    public ExplorationState clearTrajectories() {
        return new ExplorationState(model, selected, manual, suggested, highlightedClass,
                highlighting, List.of());
    }

    /**
     * Switches to another model, which resets everything; switching to the current model does
     * nothing.
     *
     * @param newModel the model's name
     * @return the new state
     */
    public ExplorationState switchModel(String newModel) {
        Objects.requireNonNull(newModel, "newModel");
        return newModel.equals(model) ? this : start(newModel);
    }

    /**
     * Returns the neighbor gallery: suggested neighbors that are not also manual, nearest first,
     * then manual neighbors in the order they were added, at most {@value #MAX_NEIGHBORS}.
     *
     * @return the gallery entries
     */
    public List<GalleryEntry> gallery() {
        List<GalleryEntry> entries = new ArrayList<>();
        for (Neighbor neighbor : suggested) {
            if (!manual.contains(neighbor.index())) {
                entries.add(new GalleryEntry(neighbor.index(),
                        OptionalDouble.of(neighbor.distance())));
            }
        }
        for (int sample : manual) {
            entries.add(new GalleryEntry(sample, OptionalDouble.empty()));
        }
        return List.copyOf(entries.subList(0, Math.min(entries.size(), MAX_NEIGHBORS)));
    }

    /**
     * Returns the gallery's summary line, {@code "<n> neighbors (<k> KNN, <m> manual)"}.
     *
     * @return the summary
     */
    public String neighborSummary() {
        long knn = gallery().stream().filter(e -> !e.manual()).count();
        return neighborCount() + " neighbors (" + knn + " KNN, " + manual.size() + " manual)";
    }

    /**
     * Returns the samples whose activations a generation averages: the selection followed by
     * its neighbors in gallery order, without repeats.
     *
     * @return the row indices; empty when nothing is selected
     */
    public List<Integer> generationSamples() {
        if (selected < 0) {
            return List.of();
        }
        Set<Integer> samples = new LinkedHashSet<>();
        samples.add(selected);
        gallery().forEach(entry -> samples.add(entry.sample()));
        return List.copyOf(samples);
    }

    /**
     * Returns how a sample is marked on the map.
     *
     * @param sample the row index
     * @param classId the sample's class id
     * @return its mark; later marks of {@link PointState} win
     */
    public PointState pointState(int sample, int classId) {
        if (sample == selected) {
            return PointState.SELECTED;
        }
        if (manual.contains(sample)) {
            return PointState.MANUAL_NEIGHBOR;
        }
        for (Neighbor neighbor : suggested) {
            if (neighbor.index() == sample) {
                return PointState.SUGGESTED_NEIGHBOR;
            }
        }
        if (highlighting && classId == highlightedClass) {
            return PointState.CLASS_HIGHLIGHT;
        }
        return PointState.NORMAL;
    }

    /**
     * Returns the mark of every sample of a table.
     *
     * @param samples the samples of the model
     * @return one mark per row
     */
    public PointState[] pointStates(SampleTable samples) {
        PointState[] states = new PointState[samples.size()];
        for (int row = 0; row < states.length; row++) {
            states[row] = pointState(row, samples.classId(row));
        }
        return states;
    }

    /**
     * Returns the selection, for callers that require one.
     *
     * @return the selected row index
     * @throws IllegalStateException if nothing is selected
     */
    public int requireSelected() {
        requireSelection("continue");
        return selected;
    }

    /**
     * Returns the suggested neighbor entry of a sample.
     *
     * @param sample the row index
     * @return its suggestion with distance, if it is suggested
     */
    public Optional<Neighbor> suggestion(int sample) {
        return suggested.stream().filter(n -> n.index() == sample).findFirst();
    }

    private ExplorationState withNeighbors(List<Integer> newManual, List<Neighbor> newSuggested) {
        return new ExplorationState(model, selected, newManual, newSuggested, highlightedClass,
                highlighting, trajectories);
    }

    private void requireSelection(String action) {
        if (selected < 0) {
            throw new IllegalStateException("Select a sample first: cannot " + action
                    + " without a selection");
        }
    }

    private static void checkSample(int sample) {
        if (sample < 0) {
            throw new IllegalArgumentException("Sample index " + sample + " is negative");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExplorationState that
                && model.equals(that.model) && selected == that.selected
                && manual.equals(that.manual) && suggested.equals(that.suggested)
                && highlighting == that.highlighting
                && (!highlighting || highlightedClass == that.highlightedClass)
                && trajectories.equals(that.trajectories);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, selected, manual, suggested, highlighting,
                highlighting ? highlightedClass : 0, trajectories);
    }

    @Override
    public String toString() {
        return "ExplorationState[model=" + model + ", selected=" + selected() + ", manual="
                + manual + ", suggested=" + suggested + ", class=" + highlightedClass()
                + ", trajectories=" + trajectories.size() + "]";
    }
}
