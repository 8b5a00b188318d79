package io.github.diffviews.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.diffviews.tensor.Tensor;

/** Conversions between the library's {@link Tensor} and DJL arrays. */
final class Tensors {

    private Tensors() {
    }

    /** Uploads a tensor to a manager's device as float32. */
    static NDArray toArray(NDManager manager, Tensor tensor) {
        return manager.create(tensor.buffer(), shape(tensor.shape()));
    }

    /** Copies an array to the heap, in C order whatever its strides. */
    static Tensor toTensor(NDArray array) {
        long[] dims = array.getShape().getShape();
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = Math.toIntExact(dims[i]);
        }
        return Tensor.wrap(array.toFloatArray(), shape);
    }

    static Shape shape(int[] dims) {
        long[] longs = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            longs[i] = dims[i];
        }
        return new Shape(longs);
    }
}
