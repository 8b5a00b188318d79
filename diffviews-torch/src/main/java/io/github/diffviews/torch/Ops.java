package io.github.diffviews.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Element-wise helpers the network needs and DJL does not name. */
final class Ops {

    private Ops() {
    }

    /** SiLU, {@code x · sigmoid(x)}, reusing the sigmoid's storage (inference only). */
    static NDArray silu(NDArray x) {
        return x.getNDArrayInternal().sigmoid().muli(x);
    }

    /**
     * SiLU; in training it leaves the sigmoid (which autograd keeps for the backward pass)
     * untouched.
     */
    static NDArray silu(NDArray x, boolean training) {
        return training ? x.mul(x.getNDArrayInternal().sigmoid()) : silu(x);
    }

    /**
     * Multiplies by a constant. DJL's {@code mul(Number)} wraps the constant in an array that
     * borrows a Java buffer and closes it at once; autograd keeps that operand for the backward
     * pass, where its memory may already be reused. In training the constant is therefore made
     * by the engine ({@code full}), which owns its memory for as long as autograd needs it.
     */
    static NDArray scale(NDArray x, float factor, boolean training) {
        if (!training) {
            return x.mul(factor);
        }
        return x.mul(x.getManager().full(new Shape(), factor));
    }

    /** Nearest-neighbour up-sampling by 2 of {@code (B, C, H, W)}. */
    static NDArray upsampleNearest2x(NDArray x) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long channels = shape.get(1);
        long height = shape.get(2);
        long width = shape.get(3);
        return x.reshape(batch, channels, height, 1, width, 1)
                .broadcast(batch, channels, height, 2, width, 2)
                .reshape(batch, channels, 2 * height, 2 * width);
    }
}
