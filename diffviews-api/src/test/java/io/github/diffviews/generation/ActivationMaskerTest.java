package io.github.diffviews.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.FloatMatrix;
import io.github.diffviews.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivationMaskerTest {

    private static final LayerCatalog IMAGENET =
            LayerCatalog.of(NetworkConfig.preset("dmd2-imagenet-64"));
    private static final ActivationLayout LAYOUT = ActivationLayout.sorted(
            Map.of("encoder_bottleneck", 49152, "midblock", 49152));

    @Test
    void fromMeanOfRows_averagesRowsAndSplitsBySortedLayers() {
        FloatMatrix matrix = matrix(3, 98304, (row, column) -> row * 1000f + column % 7);

        ActivationMasker masker = ActivationMasker.fromMeanOfRows(matrix, new int[] {0, 2},
                LAYOUT, IMAGENET, 1);

        Tensor bottleneck = masker.masks().get("encoder_bottleneck");
        Tensor midblock = masker.masks().get("midblock");
        assertArrayEquals(new int[] {1, 768, 8, 8}, bottleneck.shape());
        assertArrayEquals(new int[] {1, 768, 8, 8}, midblock.shape());
        assertEquals(1000f + 5 % 7, bottleneck.get(5));
        assertEquals(1000f + (49152 + 5) % 7, midblock.get(5));
        assertEquals(1, masker.steps());
    }

    @Test
    void fromMeanOfRows_singleRow_isPreservedExactly() {
        FloatMatrix matrix = matrix(1, 98304, (row, column) -> column);

        ActivationMasker masker = ActivationMasker.fromMeanOfRows(matrix, new int[] {0},
                LAYOUT, IMAGENET, 2);

        Tensor midblock = masker.masks().get("midblock");
        for (int i = 0; i < midblock.size(); i += 1111) {
            assertEquals(49152f + i, midblock.get(i));
        }
    }

    @Test
    void fromMeanOfRows_layerUnknownToNetwork_isAnErrorNotAShift() {
        ActivationLayout layout = ActivationLayout.sorted(Map.of("encoder_bottleneck", 49152,
                "attention_block_3", 100, "midblock", 49152));
        FloatMatrix matrix = matrix(1, layout.width(), (row, column) -> 0f);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ActivationMasker.fromMeanOfRows(matrix, new int[] {0}, layout, IMAGENET,
                        1));

        assertTrue(error.getMessage().contains("attention_block_3"), error.getMessage());
    }

    @Test
    void fromMeanOfRows_sizeDifferentFromTheLayer_isRejected() {
        ActivationLayout layout = ActivationLayout.sorted(Map.of("midblock", 16384));
        FloatMatrix matrix = matrix(1, 16384, (row, column) -> 0f);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ActivationMasker.fromMeanOfRows(matrix, new int[] {0}, layout, IMAGENET,
                        1));

        assertTrue(error.getMessage().contains("16384"), error.getMessage());
        assertTrue(error.getMessage().contains("49152"), error.getMessage());
    }

    @Test
    void fromMeanOfRows_badRowsOrWidth_areRejected() {
        FloatMatrix matrix = matrix(2, 98304, (row, column) -> 0f);
        FloatMatrix narrow = matrix(2, 100, (row, column) -> 0f);

        assertThrows(IllegalArgumentException.class, () -> ActivationMasker.fromMeanOfRows(
                matrix, new int[0], LAYOUT, IMAGENET, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> ActivationMasker.fromMeanOfRows(
                matrix, new int[] {2}, LAYOUT, IMAGENET, 1));
        assertThrows(IllegalArgumentException.class, () -> ActivationMasker.fromMeanOfRows(
                narrow, new int[] {0}, LAYOUT, IMAGENET, 1));
    }

    @Test
    void of_threeDimensionalMask_becomesBatchOne() {
        ActivationMasker masker = ActivationMasker.of(Map.of("midblock",
                Tensor.zeros(768, 8, 8)), 1);

        assertArrayEquals(new int[] {1, 768, 8, 8}, masker.masks().get("midblock").shape());
        assertTrue(masker.appliesAt(0));
        assertFalse(masker.appliesAt(1));
        assertTrue(masker.withSteps(0).isEmpty());
        assertTrue(ActivationMasker.none().isEmpty());
    }

    @Test
    void of_isImmutable() {
        Map<String, Tensor> masks = new LinkedHashMap<>();
        masks.put("midblock", Tensor.zeros(768, 8, 8));
        ActivationMasker masker = ActivationMasker.of(masks, 1);

        masks.clear();

        assertEquals(1, masker.masks().size());
        assertThrows(UnsupportedOperationException.class, () -> masker.masks().clear());
        assertThrows(IllegalArgumentException.class, () -> masker.withSteps(-1));
    }

    private interface Cell {
        float value(int row, int column);
    }

    private static FloatMatrix matrix(int rows, int columns, Cell cell) {
        float[] data = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                data[r * columns + c] = cell.value(r, c);
            }
        }
        return FloatMatrix.wrap(data, rows, columns);
    }
}
