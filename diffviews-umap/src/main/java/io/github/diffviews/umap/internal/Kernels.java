package io.github.diffviews.umap.internal;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inner loops every stage of UMAP spends its time in: squared distances, dot products and
 * scaled additions over float rows.
 *
 * <p>When the JVM was started with {@code --add-modules jdk.incubator.vector}, the loops run on
 * the Vector API (about three times faster on AVX2 or AVX-512 machines); otherwise they run as
 * plain Java. Both paths produce the same bits: the sums are split into the same sixteen partial
 * sums (two 8-lane accumulators), the tail is added in the same order, and the partial sums are
 * combined in the same fixed tree, using separate multiplies and adds (never fused). A fit is
 * therefore reproducible whichever path the JVM takes. {@code -Ddiffviews.umap.vector=false}
 * forces the plain path.
 */
public final class Kernels {

    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);

    /** Whether the Vector API path is in use. */
    static final boolean VECTOR = detectVectorSupport();

    private Kernels() {
    }

    /**
     * Tells whether the Vector API path is in use.
     *
     * @return true when {@code jdk.incubator.vector} is loaded and usable
     */
    public static boolean vectorized() {
        return VECTOR;
    }

    /**
     * Returns the squared Euclidean distance between two stretches of floats.
     *
     * @param a the first array
     * @param aOffset where the first row starts
     * @param b the second array
     * @param bOffset where the second row starts
     * @param length the number of values
     * @return the sum of squared differences
     */
    public static float squaredDistance(float[] a, int aOffset, float[] b, int bOffset,
            int length) {
        if (VECTOR) {
            return VectorKernels.squaredDistance(a, aOffset, b, bOffset, length);
        }
        return scalarSquaredDistance(a, aOffset, b, bOffset, length);
    }

    /**
     * Returns the dot product of two stretches of floats.
     *
     * @param a the first array
     * @param aOffset where the first row starts
     * @param b the second array
     * @param bOffset where the second row starts
     * @param length the number of values
     * @return the sum of products
     */
    public static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        if (VECTOR) {
            return VectorKernels.dot(a, aOffset, b, bOffset, length);
        }
        return scalarDot(a, aOffset, b, bOffset, length);
    }

    /**
     * Adds a multiple of one stretch of floats to another: {@code y += alpha * x}.
     *
     * @param alpha the multiplier
     * @param x the array added
     * @param xOffset where x starts
     * @param y the array updated
     * @param yOffset where y starts
     * @param length the number of values
     */
    public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset,
            int length) {
        if (VECTOR) {
            VectorKernels.axpy(alpha, x, xOffset, y, yOffset, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }

    static float scalarSquaredDistance(float[] a, int ao, float[] b, int bo, int length) {
        float p0 = 0f;
        float p1 = 0f;
        float p2 = 0f;
        float p3 = 0f;
        float p4 = 0f;
        float p5 = 0f;
        float p6 = 0f;
        float p7 = 0f;
        float q0 = 0f;
        float q1 = 0f;
        float q2 = 0f;
        float q3 = 0f;
        float q4 = 0f;
        float q5 = 0f;
        float q6 = 0f;
        float q7 = 0f;
        int i = 0;
        for (; i + 16 <= length; i += 16) {
            int x = ao + i;
            int y = bo + i;
            float d;
            d = a[x] - b[y];
            p0 += d * d;
            d = a[x + 1] - b[y + 1];
            p1 += d * d;
            d = a[x + 2] - b[y + 2];
            p2 += d * d;
            d = a[x + 3] - b[y + 3];
            p3 += d * d;
            d = a[x + 4] - b[y + 4];
            p4 += d * d;
            d = a[x + 5] - b[y + 5];
            p5 += d * d;
            d = a[x + 6] - b[y + 6];
            p6 += d * d;
            d = a[x + 7] - b[y + 7];
            p7 += d * d;
            d = a[x + 8] - b[y + 8];
            q0 += d * d;
            d = a[x + 9] - b[y + 9];
            q1 += d * d;
            d = a[x + 10] - b[y + 10];
            q2 += d * d;
            d = a[x + 11] - b[y + 11];
            q3 += d * d;
            d = a[x + 12] - b[y + 12];
            q4 += d * d;
            d = a[x + 13] - b[y + 13];
            q5 += d * d;
            d = a[x + 14] - b[y + 14];
            q6 += d * d;
            d = a[x + 15] - b[y + 15];
            q7 += d * d;
        }
        float tail = 0f;
        for (; i < length; i++) {
            float d = a[ao + i] - b[bo + i];
            tail += d * d;
        }
        return combine(p0 + q0, p1 + q1, p2 + q2, p3 + q3, p4 + q4, p5 + q5, p6 + q6, p7 + q7,
                tail);
    }

    static float scalarDot(float[] a, int ao, float[] b, int bo, int length) {
        float p0 = 0f;
        float p1 = 0f;
        float p2 = 0f;
        float p3 = 0f;
        float p4 = 0f;
        float p5 = 0f;
        float p6 = 0f;
        float p7 = 0f;
        float q0 = 0f;
        float q1 = 0f;
        float q2 = 0f;
        float q3 = 0f;
        float q4 = 0f;
        float q5 = 0f;
        float q6 = 0f;
        float q7 = 0f;
        int i = 0;
        for (; i + 16 <= length; i += 16) {
            int x = ao + i;
            int y = bo + i;
            p0 += a[x] * b[y];
            p1 += a[x + 1] * b[y + 1];
            p2 += a[x + 2] * b[y + 2];
            p3 += a[x + 3] * b[y + 3];
            p4 += a[x + 4] * b[y + 4];
            p5 += a[x + 5] * b[y + 5];
            p6 += a[x + 6] * b[y + 6];
            p7 += a[x + 7] * b[y + 7];
            q0 += a[x + 8] * b[y + 8];
            q1 += a[x + 9] * b[y + 9];
            q2 += a[x + 10] * b[y + 10];
            q3 += a[x + 11] * b[y + 11];
            q4 += a[x + 12] * b[y + 12];
            q5 += a[x + 13] * b[y + 13];
            q6 += a[x + 14] * b[y + 14];
            q7 += a[x + 15] * b[y + 15];
        }
        float tail = 0f;
        for (; i < length; i++) {
            tail += a[ao + i] * b[bo + i];
        }
        return combine(p0 + q0, p1 + q1, p2 + q2, p3 + q3, p4 + q4, p5 + q5, p6 + q6, p7 + q7,
                tail);
    }

    /** Combines eight lane sums and the tail in the one order both paths use. */
    static float combine(float l0, float l1, float l2, float l3, float l4, float l5, float l6,
            float l7, float tail) {
        return (((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7))) + tail;
    }

    private static boolean detectVectorSupport() {
        if (!Boolean.parseBoolean(System.getProperty("diffviews.umap.vector", "true"))) {
            LOG.debug("Vector API disabled by -Ddiffviews.umap.vector=false");
            return false;
        }
        Optional<Module> module = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (module.isEmpty()) {
            LOG.debug("jdk.incubator.vector is not loaded; UMAP kernels run as plain Java "
                    + "(start the JVM with --add-modules jdk.incubator.vector for speed)");
            return false;
        }
        try {
            if (!VectorKernels.usable()) {
                LOG.debug("The Vector API has no 256-bit float vectors here; plain Java kernels");
                return false;
            }
            float[] a = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f,
                17f, 18f};
            float[] b = new float[a.length];
            float vector = VectorKernels.squaredDistance(a, 0, b, 0, a.length);
            float plain = scalarSquaredDistance(a, 0, b, 0, a.length);
            if (Float.compare(vector, plain) != 0) {
                LOG.warn("Vector API kernels disagree with plain Java ({} vs {}); using plain Java",
                        vector, plain);
                return false;
            }
            LOG.debug("UMAP kernels use the Vector API");
            return true;
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("The Vector API is not usable here; plain Java kernels", e);
            return false;
        }
    }
}
