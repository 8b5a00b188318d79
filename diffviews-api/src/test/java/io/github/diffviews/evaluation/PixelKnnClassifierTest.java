package io.github.diffviews.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PixelKnnClassifierTest {

    /** Images of 4×4 filled with one grey value each. */
    private static Tensor flat(float... values) {
        float[] data = new float[values.length * 16];
        for (int i = 0; i < values.length; i++) {
            java.util.Arrays.fill(data, i * 16, (i + 1) * 16, values[i]);
        }
        return Tensor.wrap(data, values.length, 1, 4, 4);
    }

    @Test
    void classify_nearDarkOrBright_takesTheMajorityOfFive() {
        PixelKnnClassifier knn = PixelKnnClassifier.builder().fit(
                flat(-1f, -0.9f, -0.8f, -0.7f, 0.7f, 0.8f, 0.9f, 1f),
                new int[] {0, 0, 0, 0, 1, 1, 1, 1}, 2);

        assertArrayEquals(new int[] {0, 1, 1}, knn.classifyAll(flat(-0.95f, 0.95f, 0.2f)));
        assertEquals(0, knn.classify(flat(-0.2f).reshape(1, 4, 4)));
    }

    @Test
    void classify_outvotedNearest_followsTheMajority() {
        PixelKnnClassifier knn = PixelKnnClassifier.builder().k(3).fit(
                flat(0f, 0.3f, 0.35f, -1f), new int[] {0, 1, 1, 0}, 2);

        assertEquals(1, knn.classify(flat(0.05f).reshape(1, 4, 4)),
                "one class-0 neighbor at distance 0.05 loses to two class-1 neighbors");
        assertEquals(0, PixelKnnClassifier.builder().k(1).fit(flat(0f, 0.3f, 0.35f, -1f),
                new int[] {0, 1, 1, 0}, 2).classify(flat(0.05f).reshape(1, 4, 4)));
    }

    @Test
    void classify_tiedVote_goesToTheClassWithTheNearestNeighbor() {
        PixelKnnClassifier knn = PixelKnnClassifier.builder().k(2).fit(flat(0.5f, -0.5f),
                new int[] {1, 0}, 2);

        assertEquals(1, knn.classify(flat(0.4f).reshape(1, 4, 4)));
        assertEquals(0, knn.classify(flat(-0.4f).reshape(1, 4, 4)));
    }

    @Test
    void classify_centerCrop_ignoresTheBorder() {
        // A white frame around a black centre: nearer white as a whole, black in the middle.
        Tensor references = flat(-1f, 1f);
        float[] query = new float[16];
        java.util.Arrays.fill(query, 1f);
        for (int y = 1; y < 3; y++) {
            for (int x = 1; x < 3; x++) {
                query[y * 4 + x] = -1f;
            }
        }

        PixelKnnClassifier whole = PixelKnnClassifier.builder().k(1).fit(references,
                new int[] {0, 1}, 2);
        PixelKnnClassifier cropped = PixelKnnClassifier.builder().k(1).centerCrop(2)
                .fit(references, new int[] {0, 1}, 2);

        assertEquals(1, whole.classify(Tensor.wrap(query, 1, 4, 4)));
        assertEquals(0, cropped.classify(Tensor.wrap(query, 1, 4, 4)));
        assertEquals(2, cropped.crop());
    }

    @Test
    void accuracy_halfRight_isOneHalf() {
        PixelKnnClassifier knn = PixelKnnClassifier.builder().k(1).fit(flat(-1f, 1f),
                new int[] {0, 1}, 2);

        assertEquals(0.5, knn.accuracy(flat(-0.9f, 0.9f), new int[] {0, 0}), 0.0);
    }

    @Test
    void classify_otherShape_isRejectedNamingBothShapes() {
        PixelKnnClassifier knn = PixelKnnClassifier.builder().fit(flat(-1f, 1f),
                new int[] {0, 1}, 2);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> knn.classifyAll(Tensor.zeros(2, 1, 8, 8)));
        assertTrue(error.getMessage().contains("(N, 1, 4, 4)"), error.getMessage());
        assertTrue(error.getMessage().contains("[2, 1, 8, 8]"), error.getMessage());
    }

    @Test
    void fit_badLabelsOrCrop_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> PixelKnnClassifier.builder()
                .fit(flat(-1f, 1f), new int[] {0, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> PixelKnnClassifier.builder()
                .fit(flat(-1f, 1f), new int[] {0}, 2));
        assertThrows(IllegalArgumentException.class, () -> PixelKnnClassifier.builder()
                .centerCrop(3).fit(flat(-1f, 1f), new int[] {0, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> PixelKnnClassifier.builder().k(0));
    }
}
