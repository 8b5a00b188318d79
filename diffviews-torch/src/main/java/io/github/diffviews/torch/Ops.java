package io.github.diffviews.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Element-wise helpers the network needs and DJL does not name. */
final class Ops {

    private Ops() {
    }

    /** SiLU, {@code x · sigmoid(x)}. */
    static NDArray silu(NDArray x) {
        return x.getNDArrayInternal().sigmoid().muli(x);
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
