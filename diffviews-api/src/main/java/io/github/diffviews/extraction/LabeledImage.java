package io.github.diffviews.extraction;

import io.github.diffviews.tensor.Tensor;
import java.util.Objects;

/**
 * One image of a dataset, ready for the network: a {@code (C, H, W)} tensor with values in
 * [-1, 1] (pixel / 127.5 − 1), its class and where it came from.
 *
 * @param image the pixels, {@code (C, H, W)}, in [-1, 1]
 * @param classId the class id, -1 when unknown
 * @param source where the image came from, for the metadata (a file and index, say)
 */
public record LabeledImage(Tensor image, int classId, String source) {

    /**
     * Checks the components.
     */
    public LabeledImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(source, "source");
        if (image.rank() != 3) {
            throw new IllegalArgumentException("An image is (C, H, W), got "
                    + java.util.Arrays.toString(image.shape()));
        }
    }
}
