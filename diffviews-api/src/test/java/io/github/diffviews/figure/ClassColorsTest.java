package io.github.diffviews.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassColorsTest {

    /** matplotlib 3.6's plasma at i / max(n - 1, 1), truncated to hex as the Python tool did. */
    private static final List<String> SIXTEEN = List.of("#0c0786", "#330497", "#4f02a2",
            "#6a00a7", "#8405a6", "#9b179e", "#b02a8f", "#c23d80", "#d25070", "#e06461",
            "#ec7853", "#f68e44", "#fca635", "#fdc029", "#f9db24", "#eff821");

    @Test
    void of_sixteenClasses_matchesMatplotlibPlasma() {
        List<Integer> ids = List.of(930, 2, 67, 86, 88, 115, 173, 197, 319, 394, 649, 665, 704,
                725, 751, 827);

        ClassColors colors = ClassColors.of(ids);

        List<Integer> sorted = ids.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            assertEquals(SIXTEEN.get(i), colors.color(sorted.get(i)), "class " + sorted.get(i));
        }
    }

    @Test
    void of_oneTwoThreeClasses_spreadOverTheWholeMap() {
        assertEquals(Map.of(5, "#0c0786"), ClassColors.of(List.of(5, 5)).colors());
        assertEquals(Map.of(0, "#0c0786", 1, "#eff821"), ClassColors.of(List.of(1, 0)).colors());
        assertEquals("#cb4777", ClassColors.of(List.of(0, 1, 2)).color(1));
    }

    @Test
    void color_missingOrUnknownClass_isGrey() {
        ClassColors colors = ClassColors.of(List.of(-1, 3));

        assertEquals(ClassColors.MISSING, colors.color(-1));
        assertEquals(ClassColors.MISSING, colors.color(4));
        assertEquals(Map.of(3, "#0c0786"), colors.colors());
    }

    @Test
    void plasma_endsAndOutOfRange_areClamped() {
        assertEquals("#0c0786", ClassColors.plasma(0));
        assertEquals("#eff821", ClassColors.plasma(1));
        assertEquals("#eff821", ClassColors.plasma(7));
        assertEquals("#0c0786", ClassColors.plasma(-1));
        assertEquals("#0c0786", ClassColors.plasma(Double.NaN));
    }
}
