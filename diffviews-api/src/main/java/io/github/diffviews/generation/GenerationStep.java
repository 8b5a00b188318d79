package io.github.diffviews.generation;

import io.github.diffviews.tensor.Tensor;
import java.awt.image.BufferedImage;

/**
 * One step of a generation: the σ the network was called at (and its noise level), the noised
 * input it saw, the clean image it predicted, the captured activations and their map points.
 * Immutable; listeners receive it as the step finishes and the {@link Generation} keeps it as a
 * frame.
 */
public final class GenerationStep {

    private final int index;
    private final double sigma;
    private final Tensor noisedInput;
    private final Tensor prediction;
    private final ImageBatch noisedImages;
    private final ImageBatch predictionImages;
    private final float[][] activations;
    private final float[][] points;

    GenerationStep(int index, double sigma, Tensor noisedInput, Tensor prediction,
            float[][] activations, float[][] points) {
        this.index = index;
        this.sigma = sigma;
        this.noisedInput = noisedInput;
        this.prediction = prediction;
        this.noisedImages = ImageBatch.fromTensor(noisedInput);
        this.predictionImages = ImageBatch.fromTensor(prediction);
        this.activations = activations;
        this.points = points;
    }

    /**
     * Returns the step's index.
     *
     * @return 0 for the first step
     */
    public int index() {
        return index;
    }

    /**
     * Returns σ at this step.
     *
     * @return the native σ
     */
    public double sigma() {
        return sigma;
    }

    /**
     * Returns the noise level of σ (0-100, clamped).
     *
     * @return the noise level
     */
    public double noiseLevel() {
        return NoiseLevels.toNoiseLevel(sigma);
    }

    /**
     * Returns the network's input at this step.
     *
     * @return {@code (B, C, H, W)}
     */
    public Tensor noisedInput() {
        return noisedInput;
    }

    /**
     * Returns the predicted clean image {@code D(x; σ)} (with guidance, when set).
     *
     * @return {@code (B, C, H, W)}
     */
    public Tensor prediction() {
        return prediction;
    }

    /**
     * Returns the noised input as 8-bit images.
     *
     * @return the images
     */
    public ImageBatch noisedImages() {
        return noisedImages;
    }

    /**
     * Returns the prediction as 8-bit images.
     *
     * @return the images
     */
    public ImageBatch predictionImages() {
        return predictionImages;
    }

    /**
     * Returns the captured activations, one row per image, the layers flattened and concatenated
     * in sorted name order.
     *
     * @return B rows, empty rows when nothing was captured
     */
    public float[][] activations() {
        return copy(activations);
    }

    /**
     * Returns the map points of the activation rows.
     *
     * @return B points, or null when no projector was set
     */
    public float[][] points() {
        return points == null ? null : copy(points);
    }

    /**
     * Returns the Python tool's composite frame of one image: the prediction with the noised
     * input at a quarter size in the upper-left corner.
     *
     * @param item the image of the batch
     * @return a new RGB image
     */
    public BufferedImage composite(int item) {
        return ImageBatch.composite(predictionImages.toBufferedImage(item),
                noisedImages.toBufferedImage(item));
    }

    private static float[][] copy(float[][] rows) {
        float[][] copy = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }
}
