package io.github.diffviews.training;

import io.github.diffviews.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/** Images held in memory as one {@code (N, C, R, R)} tensor. */
final class TensorTrainingData implements TrainingData {

    private final float[] values;
    private final int[] labels;
    private final int channels;
    private final int resolution;
    private final int classCount;

    TensorTrainingData(Tensor images, int[] labels, int classCount) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        int[] shape = images.shape();
        if (shape.length != 4 || shape[2] != shape[3] || shape[0] < 1) {
            throw new IllegalArgumentException("Training images must be a non-empty "
                    + "(N, C, R, R) tensor, found " + Arrays.toString(shape));
        }
        if (labels.length != shape[0]) {
            throw new IllegalArgumentException(labels.length + " labels for " + shape[0]
                    + " images");
        }
        if (classCount < 0) {
            throw new IllegalArgumentException("Class count " + classCount + " is negative");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= Math.max(classCount, 1)) {
                throw new IllegalArgumentException("Label " + labels[i] + " of image " + i
                        + " is outside 0 to " + (classCount - 1));
            }
        }
        this.values = images.toFloatArray();
        this.labels = labels.clone();
        this.channels = shape[1];
        this.resolution = shape[2];
        this.classCount = classCount;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int resolution() {
        return resolution;
    }

    @Override
    public int classCount() {
        return classCount;
    }

    @Override
    public void copyImage(int index, float[] destination, int offset) {
        Objects.checkIndex(index, labels.length);
        int length = channels * resolution * resolution;
        System.arraycopy(values, index * length, destination, offset, length);
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public String description() {
        return labels.length + " images in memory";
    }
}
