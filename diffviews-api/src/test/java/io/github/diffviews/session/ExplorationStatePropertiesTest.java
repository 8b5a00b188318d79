package io.github.diffviews.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.neighbors.Neighbor;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ExplorationStatePropertiesTest {

    /** One user action; sample and class arguments are small so actions collide often. */
    record Action(int kind, int sample, int classId) {

        ExplorationState apply(ExplorationState state) {
            switch (kind) {
                case 0:
                    return state.click(sample);
                case 1:
                    return state.selected().isPresent()
                            ? state.suggest(List.of(new Neighbor(sample, sample * 0.1),
                                    new Neighbor((sample + 3) % 30, 0.05))) : state;
                case 2:
                    return state.clearNeighbors();
                case 3:
                    return state.clearSelection();
                case 4:
                    return state.highlightClass(classId);
                case 5:
                    return state.clearHighlight();
                case 6:
                    return state.switchModel(classId % 2 == 0 ? "dmd2" : "edm");
                case 7:
                    return state.addTrajectory(new Trajectory(List.of(
                            new TrajectoryPoint(0, sample, classId, Double.NaN, 80, 100)),
                            classId, "c"));
                default:
                    return state.clearTrajectories();
            }
        }
    }

    @Property(tries = 300)
    void sessions_interleavedActions_neverSeeEachOthersState(
            @ForAll("actions") List<Action> first, @ForAll("actions") List<Action> second) {
        ExplorationState a = ExplorationState.start("dmd2");
        ExplorationState b = ExplorationState.start("dmd2");
        int longest = Math.max(first.size(), second.size());
        for (int i = 0; i < longest; i++) {
            if (i < first.size()) {
                a = first.get(i).apply(a);
            }
            if (i < second.size()) {
                b = second.get(i).apply(b);
            }
        }

        assertEquals(replay(first), a, "the first session equals its own actions replayed alone");
        assertEquals(replay(second), b);
    }

    @Property(tries = 300)
    void anyActions_keepTheInvariants(@ForAll("actions") List<Action> actions) {
        ExplorationState state = ExplorationState.start("dmd2");
        for (Action action : actions) {
            state = action.apply(state);

            assertTrue(state.neighborCount() <= ExplorationState.MAX_NEIGHBORS);
            assertTrue(state.gallery().size() <= ExplorationState.MAX_NEIGHBORS);
            if (state.selected().isEmpty()) {
                assertEquals(0, state.neighborCount(), "no neighbors without a selection");
            } else {
                int selected = state.selected().getAsInt();
                assertTrue(state.gallery().stream().noneMatch(e -> e.sample() == selected));
            }
        }
    }

    private static ExplorationState replay(List<Action> actions) {
        ExplorationState state = ExplorationState.start("dmd2");
        for (Action action : actions) {
            state = action.apply(state);
        }
        return state;
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> action = Combinators.combine(Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, 29), Arbitraries.integers().between(0, 3))
                .as(Action::new);
        return action.list().ofMaxSize(60);
    }
}
