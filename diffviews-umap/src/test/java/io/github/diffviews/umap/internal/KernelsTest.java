package io.github.diffviews.umap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KernelsTest {

    @Property(tries = 60)
    void squaredDistanceAndDot_vectorAndPlainPaths_giveTheSameBits(
            @ForAll @IntRange(min = 0, max = 300) int length, @ForAll long seed) {
        assumeTrue(Kernels.vectorized(), "the JVM runs without jdk.incubator.vector");
        Random random = new Random(seed);
        float[] a = new float[length + 3];
        float[] b = new float[length + 5];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian() * 100;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextGaussian();
        }

        assertEquals(Float.floatToIntBits(Kernels.scalarSquaredDistance(a, 3, b, 5, length)),
                Float.floatToIntBits(VectorKernels.squaredDistance(a, 3, b, 5, length)));
        assertEquals(Float.floatToIntBits(Kernels.scalarDot(a, 2, b, 1, length)),
                Float.floatToIntBits(VectorKernels.dot(a, 2, b, 1, length)));
        float[] plain = b.clone();
        float[] vector = b.clone();
        for (int i = 0; i < length; i++) {
            plain[4 + i] += 0.5f * a[i];
        }
        VectorKernels.axpy(0.5f, a, 0, vector, 4, length);
        assertArrayEquals(plain, vector);
    }

    @Test
    void squaredDistance_smallExample_isSumOfSquares() {
        float[] a = {1, 2, 3};
        float[] b = {4, 6, 3};

        assertEquals(25f, Kernels.squaredDistance(a, 0, b, 0, 3));
        assertEquals(4f + 12f + 9f, Kernels.dot(a, 0, b, 0, 3));
    }

    @Test
    void powTable_wideRange_matchesMathPowClosely() {
        PowTable table = new PowTable(0.8950608779109733);
        Random random = new Random(1);

        for (int i = 0; i < 100_000; i++) {
            float x = (float) Math.exp(random.nextDouble() * 60 - 30);
            double expected = Math.pow(x, 0.8950608779109733);
            assertEquals(expected, table.pow(x), 1e-9 * expected, "x = " + x);
        }
        assertEquals(Math.pow(Float.MIN_VALUE, 0.895), new PowTable(0.895).pow(Float.MIN_VALUE),
                1e-12);
    }
}
