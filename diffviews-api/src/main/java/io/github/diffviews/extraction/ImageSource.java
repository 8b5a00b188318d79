package io.github.diffviews.extraction;

import java.io.IOException;
import java.util.Map;

/**
 * A dataset of labeled images read in order: IDX files, a directory of PNG files, or the model's
 * own samples. Sources are read by one thread.
 */
public interface ImageSource {

    /**
     * Returns the number of images.
     *
     * @return the image count
     */
    int size();

    /**
     * Returns one image.
     *
     * @param index its position, 0 to {@link #size()} − 1
     * @return the image, shaped as the source was asked to shape it
     * @throws IOException if it cannot be read
     */
    LabeledImage get(int index) throws IOException;

    /**
     * Returns the class names the source knows.
     *
     * @return names by class id; empty when the source has none
     */
    Map<Integer, String> classNames();

    /**
     * Describes the source for metadata and messages.
     *
     * @return a short description, for example the file it reads
     */
    String description();
}
