package io.github.diffviews.training;

import io.github.diffviews.extraction.ImageSource;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Images with class labels to train on. Images are {@code (channels, resolution, resolution)}
 * tensors with values in [-1, 1]; labels are class ids from 0 to {@link #classCount()} − 1. A
 * trainer reads it from one thread, in the order its seed chooses.
 */
public interface TrainingData {

    /**
     * Returns the number of images.
     *
     * @return the count, at least 1
     */
    int size();

    /**
     * Returns the number of channels of every image.
     *
     * @return 1 for grey images, 3 for colour
     */
    int channels();

    /**
     * Returns the side length of every image.
     *
     * @return the resolution in pixels
     */
    int resolution();

    /**
     * Returns the number of classes.
     *
     * @return the class count, 0 for unlabeled data
     */
    int classCount();

    /**
     * Copies one image into a buffer.
     *
     * @param index the image, 0 to {@link #size()} − 1
     * @param destination receives {@code channels · resolution²} values in C order
     * @param offset where the first value goes
     * @throws IOException if the image cannot be read
     */
    void copyImage(int index, float[] destination, int offset) throws IOException;

    /**
     * Returns the class id of one image.
     *
     * @param index the image, 0 to {@link #size()} − 1
     * @return its class id, 0 to {@link #classCount()} − 1
     * @throws IOException if the label cannot be read
     */
    int label(int index) throws IOException;

    /**
     * Describes the data for logs and checkpoints.
     *
     * @return a short description, for example the file the images come from
     */
    String description();

    /**
     * Wraps an image source (IDX files, a directory of images) as training data. Every image of
     * the source must have the shape of the first and a class id below {@code classCount}.
     *
     * @param source the images, shaped {@code (C, R, R)} in [-1, 1]
     * @param classCount the number of classes
     * @return the data, reading the source on demand
     * @throws IOException if the first image cannot be read
     * @throws IllegalArgumentException if the source is empty, its images are not square
     *     {@code (C, R, R)} tensors, or the class count is negative
     */
    static TrainingData of(ImageSource source, int classCount) throws IOException {
        Objects.requireNonNull(source, "source");
        if (source.size() < 1) {
            throw new IllegalArgumentException("The image source " + source.description()
                    + " holds no images");
        }
        if (classCount < 0) {
            throw new IllegalArgumentException("Class count " + classCount + " is negative");
        }
        int[] shape = source.get(0).image().shape();
        if (shape.length != 3 || shape[1] != shape[2]) {
            throw new IllegalArgumentException("Images of " + source.description()
                    + " must be square (C, R, R) tensors, found " + Arrays.toString(shape));
        }
        return new ImageSourceTrainingData(source, shape[0], shape[1], classCount);
    }

    /**
     * Wraps images already in memory.
     *
     * @param images {@code (N, C, R, R)} in [-1, 1]
     * @param labels N class ids
     * @param classCount the number of classes
     * @return the data
     * @throws IllegalArgumentException if the shapes disagree or a label is out of range
     */
    static TrainingData of(Tensor images, int[] labels, int classCount) {
        return new TensorTrainingData(images, labels, classCount);
    }
}
