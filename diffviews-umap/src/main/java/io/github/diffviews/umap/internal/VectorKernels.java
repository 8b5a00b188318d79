package io.github.diffviews.umap.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API versions of {@link Kernels}' loops. Loaded only when the incubator module is
 * present; each method produces exactly the bits of its plain-Java twin in {@link Kernels}.
 */
final class VectorKernels {

    private static final VectorSpecies<Float> LANES8 = FloatVector.SPECIES_256;

    private VectorKernels() {
    }

    static boolean usable() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    static float squaredDistance(float[] a, int ao, float[] b, int bo, int length) {
        FloatVector p = FloatVector.zero(LANES8);
        FloatVector q = FloatVector.zero(LANES8);
        int i = 0;
        for (; i + 16 <= length; i += 16) {
            FloatVector d = FloatVector.fromArray(LANES8, a, ao + i)
                    .sub(FloatVector.fromArray(LANES8, b, bo + i));
            p = p.add(d.mul(d));
            FloatVector e = FloatVector.fromArray(LANES8, a, ao + i + 8)
                    .sub(FloatVector.fromArray(LANES8, b, bo + i + 8));
            q = q.add(e.mul(e));
        }
        float tail = 0f;
        for (; i < length; i++) {
            float d = a[ao + i] - b[bo + i];
            tail += d * d;
        }
        return reduce(p.add(q), tail);
    }

    static float dot(float[] a, int ao, float[] b, int bo, int length) {
        FloatVector p = FloatVector.zero(LANES8);
        FloatVector q = FloatVector.zero(LANES8);
        int i = 0;
        for (; i + 16 <= length; i += 16) {
            p = p.add(FloatVector.fromArray(LANES8, a, ao + i)
                    .mul(FloatVector.fromArray(LANES8, b, bo + i)));
            q = q.add(FloatVector.fromArray(LANES8, a, ao + i + 8)
                    .mul(FloatVector.fromArray(LANES8, b, bo + i + 8)));
        }
        float tail = 0f;
        for (; i < length; i++) {
            tail += a[ao + i] * b[bo + i];
        }
        return reduce(p.add(q), tail);
    }

    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int length) {
        FloatVector scale = FloatVector.broadcast(LANES8, alpha);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            FloatVector sum = FloatVector.fromArray(LANES8, y, yo + i)
                    .add(FloatVector.fromArray(LANES8, x, xo + i).mul(scale));
            sum.intoArray(y, yo + i);
        }
        for (; i < length; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    private static float reduce(FloatVector lanes, float tail) {
        return Kernels.combine(lanes.lane(0), lanes.lane(1), lanes.lane(2), lanes.lane(3),
                lanes.lane(4), lanes.lane(5), lanes.lane(6), lanes.lane(7), tail);
    }
}
