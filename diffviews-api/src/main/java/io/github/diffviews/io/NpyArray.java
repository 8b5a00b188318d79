package io.github.diffviews.io;

import io.github.diffviews.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A whole {@code .npy} array read onto the heap, in any supported element type. Fortran-ordered
 * arrays are returned in C order by the {@code to*Array} methods.
 */
public final class NpyArray {

    private final NpyHeader header;
    private final ByteBuffer data;

    NpyArray(NpyHeader header, ByteBuffer data) {
        this.header = header;
        this.data = data.asReadOnlyBuffer().order(header.order());
    }

    /**
     * Returns the header the array was read with.
     *
     * @return the header
     */
    public NpyHeader header() {
        return header;
    }

    /**
     * Returns the element type.
     *
     * @return the dtype
     */
    public DType dtype() {
        return header.dtype();
    }

    /**
     * Returns a copy of the shape.
     *
     * @return the shape
     */
    public int[] shape() {
        return header.shape();
    }

    /**
     * Returns the number of elements.
     *
     * @return the element count
     */
    public int size() {
        return Math.toIntExact(header.elementCount());
    }

    /**
     * Returns the elements as doubles in C order, converting from the stored type.
     *
     * @return a new array
     */
    public double[] toDoubleArray() {
        int n = size();
        int[] source = sourceIndices();
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = readAsDouble(source == null ? i : source[i]);
        }
        return values;
    }

    /**
     * Returns the elements as floats in C order, converting from the stored type (doubles are
     * rounded).
     *
     * @return a new array
     */
    public float[] toFloatArray() {
        int n = size();
        int[] source = sourceIndices();
        float[] values = new float[n];
        if (source == null && header.dtype() == DType.FLOAT32) {
            data.duplicate().order(header.order()).asFloatBuffer().get(values);
            return values;
        }
        for (int i = 0; i < n; i++) {
            values[i] = (float) readAsDouble(source == null ? i : source[i]);
        }
        return values;
    }

    /**
     * Returns integer elements as longs in C order.
     *
     * @return a new array
     * @throws IllegalStateException if the elements are floating point
     */
    public long[] toLongArray() {
        if (header.dtype().isFloatingPoint()) {
            throw new IllegalStateException("The array holds " + header.dtype()
                    + " values, not integers");
        }
        int n = size();
        int[] source = sourceIndices();
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            int at = source == null ? i : source[i];
            values[i] = header.dtype() == DType.INT64 ? data.getLong(8 * at)
                    : (long) readAsDouble(at);
        }
        return values;
    }

    /**
     * Returns the array as a float tensor of the same shape.
     *
     * @return the tensor
     */
    public Tensor toTensor() {
        return Tensor.wrap(toFloatArray(), header.shape());
    }

    private double readAsDouble(int index) {
        switch (header.dtype()) {
            case FLOAT16:
                return Float16.toFloat(data.getShort(2 * index));
            case FLOAT32:
                return data.getFloat(4 * index);
            case FLOAT64:
                return data.getDouble(8 * index);
            case INT8:
                return data.get(index);
            case UINT8:
            case BOOL:
                return data.get(index) & 0xff;
            case INT16:
                return data.getShort(2 * index);
            case INT32:
                return data.getInt(4 * index);
            case INT64:
                return data.getLong(8 * index);
            default:
                throw new IllegalStateException("Unhandled dtype " + header.dtype());
        }
    }

    /**
     * For a Fortran-ordered array, maps each C-order position to its stored position; null for
     * C-ordered arrays, whose positions are the same.
     */
    private int[] sourceIndices() {
        if (!header.fortranOrder()) {
            return null;
        }
        int[] shape = header.shape();
        int[] source = new int[size()];
        int[] index = new int[shape.length];
        for (int c = 0; c < source.length; c++) {
            int f = 0;
            int stride = 1;
            for (int axis = 0; axis < shape.length; axis++) {
                f += index[axis] * stride;
                stride *= shape[axis];
            }
            source[c] = f;
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                if (++index[axis] < shape[axis]) {
                    break;
                }
                index[axis] = 0;
            }
        }
        return source;
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(header.shape()) + " " + header.dtype()
                + (header.order() == ByteOrder.BIG_ENDIAN ? " big-endian" : "");
    }
}
