package io.github.diffviews.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.neighbors.ExactNeighborIndex;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.tensor.FloatMatrix;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ExplorationStateTest {

    private static final Trajectory PATH = new Trajectory(List.of(
            new TrajectoryPoint(0, 0, 0, Double.NaN, 80, 100),
            new TrajectoryPoint(1, 1, 1, Double.NaN, 0.5, 52)), 3, "cat");

    private final ExplorationState start = ExplorationState.start("dmd2");

    @Test
    void click_withNothingSelected_selectsAndResetsNeighbors() {
        ExplorationState state = start.addTrajectory(PATH).highlightClass(2).click(5);

        assertEquals(OptionalInt.of(5), state.selected());
        assertEquals(List.of(), state.manualNeighbors());
        assertEquals(List.of(PATH), state.trajectories(), "trajectories are kept");
        assertEquals(OptionalInt.of(2), state.highlightedClass(), "the highlight is kept");
    }

    @Test
    void click_onTheSelection_doesNothing() {
        ExplorationState selected = start.click(5).click(9);

        assertSame(selected, selected.click(5));
    }

    @Test
    void click_onOtherSamples_togglesManualThenSuggestedNeighbors() {
        ExplorationState state = start.click(5)
                .suggest(List.of(new Neighbor(7, 0.2), new Neighbor(8, 0.4)))
                .click(9).click(11);

        assertEquals(List.of(9, 11), state.manualNeighbors());
        assertEquals(List.of(11), state.click(9).manualNeighbors(), "manual removed first");
        assertEquals(List.of(new Neighbor(8, 0.4)), state.click(7).suggestedNeighbors(),
                "a suggested neighbor is removed when clicked");
        assertEquals(List.of(9, 11, 3), state.click(3).manualNeighbors());
    }

    @Test
    void toggleNeighbor_atTwentyNeighbors_addsNoMore() {
        ExplorationState state = start.click(0);
        for (int i = 1; i <= 20; i++) {
            state = state.click(i);
        }

        assertEquals(20, state.neighborCount());
        assertTrue(!state.canAddNeighbor());
        assertSame(state, state.click(21));
        assertEquals(19, state.click(20).neighborCount(), "removing still works at the limit");
    }

    @Test
    void suggest_replacesSuggestionsKeepsManualAndDropsTheSelection() {
        ExplorationState state = start.click(5).click(9)
                .suggest(List.of(new Neighbor(1, 0.1)))
                .suggest(List.of(new Neighbor(4, 0.3), new Neighbor(5, 0.0),
                        new Neighbor(2, 0.2), new Neighbor(2, 0.2)));

        assertEquals(List.of(new Neighbor(2, 0.2), new Neighbor(4, 0.3)),
                state.suggestedNeighbors());
        assertEquals(List.of(9), state.manualNeighbors());
    }

    @Test
    void suggest_fromAnIndex_validatesKAndSelection() {
        ExactNeighborIndex index = ExactNeighborIndex.of(FloatMatrix.of(new float[][] {{0, 0},
            {1, 0}, {5, 0}, {2, 0}}));

        assertThrows(IllegalStateException.class, () -> start.suggest(index, 2));
        ExplorationState selected = start.click(0);
        assertThrows(IllegalArgumentException.class, () -> selected.suggest(index, 0));
        assertThrows(IllegalArgumentException.class, () -> selected.suggest(index, 21));
        assertEquals(List.of(1, 3), selected.suggest(index, 2).suggestedNeighbors().stream()
                .map(Neighbor::index).toList());
    }

    @Test
    void gallery_listsSuggestionsNotManualByDistanceThenManualInClickOrder() {
        ExplorationState state = start.click(0).click(12).click(4)
                .suggest(List.of(new Neighbor(3, 0.5), new Neighbor(4, 0.1),
                        new Neighbor(7, 0.25)));

        List<GalleryEntry> gallery = state.gallery();

        assertEquals(List.of(7, 3, 12, 4), gallery.stream().map(GalleryEntry::sample).toList());
        assertEquals("3: cat (d=0.25)", gallery.get(0).caption(3, "cat"));
        assertEquals("1: dog (manual)", gallery.get(2).caption(1, "dog"));
        assertEquals("4 neighbors (2 KNN, 2 manual)", state.neighborSummary());
        assertEquals(List.of(0, 7, 3, 12, 4), state.generationSamples());
    }

    @Test
    void clearSelection_keepsHighlightAndTrajectories() {
        ExplorationState state = start.click(1).click(2).highlightClass(0).addTrajectory(PATH)
                .clearSelection();

        assertEquals(OptionalInt.empty(), state.selected());
        assertEquals(0, state.neighborCount());
        assertEquals(OptionalInt.of(0), state.highlightedClass(), "class 0 is a real class");
        assertEquals(1, state.trajectories().size());
    }

    @Test
    void clearNeighbors_keepsTheSelection() {
        ExplorationState state = start.click(1).click(2).clearNeighbors();

        assertEquals(OptionalInt.of(1), state.selected());
        assertEquals(0, state.neighborCount());
    }

    @Test
    void switchModel_resetsEverythingButSameModelIsANoOp() {
        ExplorationState busy = start.click(1).click(2).highlightClass(4).addTrajectory(PATH);

        assertSame(busy, busy.switchModel("dmd2"));
        assertEquals(ExplorationState.start("edm"), busy.switchModel("edm"));
    }

    @Test
    void pointState_laterMarksWin() {
        ExplorationState state = start.click(1).click(2)
                .suggest(List.of(new Neighbor(3, 1))).highlightClass(7);

        assertEquals(PointState.SELECTED, state.pointState(1, 7));
        assertEquals(PointState.MANUAL_NEIGHBOR, state.pointState(2, 7));
        assertEquals(PointState.SUGGESTED_NEIGHBOR, state.pointState(3, 7));
        assertEquals(PointState.CLASS_HIGHLIGHT, state.pointState(4, 7));
        assertEquals(PointState.NORMAL, state.pointState(4, 6));
    }

    @Test
    void actions_neverChangeTheStateTheyStartFrom() {
        ExplorationState selected = start.click(1);

        selected.click(2).highlightClass(1).addTrajectory(PATH).clearSelection();

        assertEquals(start.click(1), selected);
        assertEquals(ExplorationState.start("dmd2"), start);
    }

    @Test
    void trajectory_withOnePoint_isNotDrawable() {
        assertTrue(PATH.drawable());
        assertTrue(!new Trajectory(PATH.points().subList(0, 1), 0, "x").drawable());
    }
}
