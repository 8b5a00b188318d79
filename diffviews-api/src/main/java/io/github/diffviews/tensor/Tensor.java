package io.github.diffviews.tensor;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, dense, row-major (C order) array of 32-bit floats with a shape.
 *
 * <p>This is the engine-neutral currency of the library: images {@code (B, C, H, W)}, σ values,
 * class-label vectors, masks and captured activations cross the engine SPI as tensors. Data
 * never changes after construction; {@link #of(float[], int...)} copies its input and
 * {@link #wrap(float[], int...)} takes ownership of an array the caller promises not to touch.
 */
public final class Tensor {

    private final int[] shape;
    private final float[] data;

    private Tensor(float[] data, int[] shape) {
        this.shape = shape;
        this.data = data;
    }

    /**
     * Creates a tensor holding a copy of the given values.
     *
     * @param data the values in C order
     * @param shape the shape; its product must equal {@code data.length}
     * @return the tensor
     * @throws IllegalArgumentException if the shape does not match the number of values
     */
    public static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        return wrap(data.clone(), shape);
    }

    /**
     * Creates a tensor over the given array without copying it. The caller hands the array over
     * and must not modify it afterwards.
     *
     * @param data the values in C order
     * @param shape the shape; its product must equal {@code data.length}
     * @return the tensor
     * @throws IllegalArgumentException if the shape does not match the number of values
     */
    public static Tensor wrap(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        int[] checked = checkShape(shape);
        long size = product(checked);
        if (size != data.length) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(checked) + " holds "
                    + size + " values but " + data.length + " were given");
        }
        return new Tensor(data, checked);
    }

    /**
     * Creates a tensor of zeros.
     *
     * @param shape the shape
     * @return the tensor
     */
    public static Tensor zeros(int... shape) {
        int[] checked = checkShape(shape);
        return new Tensor(new float[Math.toIntExact(product(checked))], checked);
    }

    /**
     * Creates a tensor with every element set to one value.
     *
     * @param value the value
     * @param shape the shape
     * @return the tensor
     */
    public static Tensor full(float value, int... shape) {
        int[] checked = checkShape(shape);
        float[] values = new float[Math.toIntExact(product(checked))];
        Arrays.fill(values, value);
        return new Tensor(values, checked);
    }

    /**
     * Stacks tensors of equal shape along a new leading dimension.
     *
     * @param parts the tensors, at least one
     * @return a tensor of shape {@code (parts.length, ...shape of a part)}
     * @throws IllegalArgumentException if there are no parts or their shapes differ
     */
    public static Tensor stack(Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("Nothing to stack");
        }
        int[] partShape = parts[0].shape;
        int partSize = parts[0].data.length;
        float[] values = new float[Math.multiplyExact(partSize, parts.length)];
        for (int i = 0; i < parts.length; i++) {
            if (!Arrays.equals(parts[i].shape, partShape)) {
                throw new IllegalArgumentException("Cannot stack shape "
                        + Arrays.toString(parts[i].shape) + " with " + Arrays.toString(partShape));
            }
            System.arraycopy(parts[i].data, 0, values, i * partSize, partSize);
        }
        int[] shape = new int[partShape.length + 1];
        shape[0] = parts.length;
        System.arraycopy(partShape, 0, shape, 1, partShape.length);
        return new Tensor(values, shape);
    }

    /**
     * Returns a copy of the shape.
     *
     * @return the shape
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Returns the size of one dimension.
     *
     * @param axis the dimension, negative counts from the end
     * @return its size
     */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /**
     * Returns the number of dimensions.
     *
     * @return the rank
     */
    public int rank() {
        return shape.length;
    }

    /**
     * Returns the number of values.
     *
     * @return the product of the shape
     */
    public int size() {
        return data.length;
    }

    /**
     * Returns one value by its flat (C order) index.
     *
     * @param index the flat index
     * @return the value
     */
    public float get(int index) {
        return data[index];
    }

    /**
     * Returns a copy of the values in C order.
     *
     * @return a new array
     */
    public float[] toFloatArray() {
        return data.clone();
    }

    /**
     * Copies the values into a destination array.
     *
     * @param destination the array to fill
     * @param offset where in the destination the first value goes
     */
    public void copyTo(float[] destination, int offset) {
        System.arraycopy(data, 0, destination, offset, data.length);
    }

    /**
     * Returns a read-only view of the values, for engines that upload them without a copy.
     *
     * @return a read-only buffer positioned at zero
     */
    public FloatBuffer buffer() {
        return FloatBuffer.wrap(data).asReadOnlyBuffer();
    }

    /**
     * Returns a tensor with the same values and another shape of the same size.
     *
     * @param newShape the new shape
     * @return the reshaped tensor, sharing the (immutable) values
     */
    public Tensor reshape(int... newShape) {
        return wrap(data, newShape);
    }

    /**
     * Returns item {@code index} along the first dimension, as a tensor of the remaining
     * dimensions.
     *
     * @param index the index along dimension 0
     * @return a copy of that item
     */
    public Tensor item(int index) {
        Objects.checkIndex(index, shape[0]);
        int itemSize = data.length / shape[0];
        float[] values = Arrays.copyOfRange(data, index * itemSize, (index + 1) * itemSize);
        return new Tensor(values, Arrays.copyOfRange(shape, 1, shape.length));
    }

    /**
     * Returns the largest absolute value, 0 for an empty tensor.
     *
     * @return {@code max |x|}
     */
    public float maxAbs() {
        float max = 0f;
        for (float value : data) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    /**
     * Counts the values that are NaN or infinite.
     *
     * @return the number of non-finite values
     */
    public int countNonFinite() {
        int count = 0;
        for (float value : data) {
            if (!Float.isFinite(value)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor that
                && Arrays.equals(shape, that.shape)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }

    private static int[] checkShape(int[] shape) {
        Objects.requireNonNull(shape, "shape");
        for (int size : shape) {
            if (size < 0) {
                throw new IllegalArgumentException("Negative size in shape "
                        + Arrays.toString(shape));
            }
        }
        return shape.clone();
    }

    private static long product(int[] shape) {
        long size = 1;
        for (int dim : shape) {
            size = Math.multiplyExact(size, dim);
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(shape)
                    + " is too large for one tensor on the heap");
        }
        return size;
    }
}
