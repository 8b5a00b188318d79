package io.github.diffviews.training;

import io.github.diffviews.extraction.ImageSource;
import io.github.diffviews.extraction.LabeledImage;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;

/**
 * An {@link ImageSource} read image by image. The last image read is kept, so asking for the
 * label and the pixels of one image reads it once.
 */
final class ImageSourceTrainingData implements TrainingData {

    private final ImageSource source;
    private final int channels;
    private final int resolution;
    private final int classCount;
    private int lastIndex = -1;
    private LabeledImage last;

    ImageSourceTrainingData(ImageSource source, int channels, int resolution, int classCount) {
        this.source = source;
        this.channels = channels;
        this.resolution = resolution;
        this.classCount = classCount;
    }

    private LabeledImage read(int index) throws IOException {
        if (index != lastIndex) {
            last = source.get(index);
            lastIndex = index;
        }
        return last;
    }

    @Override
    public int size() {
        return source.size();
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
    public void copyImage(int index, float[] destination, int offset) throws IOException {
        Tensor image = read(index).image();
        int expected = channels * resolution * resolution;
        if (image.size() != expected) {
            throw new IllegalArgumentException("Image " + index + " of " + source.description()
                    + " has shape " + Arrays.toString(image.shape()) + ", expected ("
                    + channels + ", " + resolution + ", " + resolution + ")");
        }
        image.copyTo(destination, offset);
    }

    @Override
    public int label(int index) throws IOException {
        LabeledImage image = read(index);
        int classId = image.classId();
        if (classId < 0 || classId >= Math.max(classCount, 1)) {
            throw new IllegalArgumentException("Image " + image.source() + " has class "
                    + classId + ", expected 0 to " + (classCount - 1));
        }
        return classId;
    }

    @Override
    public String description() {
        return source.description();
    }
}
