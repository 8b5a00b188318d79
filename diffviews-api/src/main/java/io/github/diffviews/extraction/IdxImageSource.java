package io.github.diffviews.extraction;

import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.Idx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Grey images and labels from a pair of IDX files, the format of MNIST and Fashion-MNIST
 * ({@code t10k-images-idx3-ubyte.gz} with {@code t10k-labels-idx1-ubyte.gz}, say).
 */
public final class IdxImageSource implements ImageSource {

    private final Path imagesFile;
    private final Idx.IdxArray images;
    private final Idx.IdxArray labels;
    private final int height;
    private final int width;
    private final int resolution;
    private final int channels;

    private IdxImageSource(Path imagesFile, Idx.IdxArray images, Idx.IdxArray labels,
            int resolution, int channels) {
        this.imagesFile = imagesFile;
        this.images = images;
        this.labels = labels;
        this.height = images.shape()[1];
        this.width = images.shape()[2];
        this.resolution = resolution;
        this.channels = channels;
    }

    /**
     * Opens an images file and its labels file.
     *
     * @param imagesFile an IDX file of shape {@code (N, H, W)}, unsigned bytes
     * @param labelsFile an IDX file of shape {@code (N)}, or null for unlabeled images
     * @param resolution the side length the images are padded or resized to
     * @param channels 1, or 3 to repeat the grey values
     * @return the source
     * @throws DataFormatException if a file is malformed or the counts differ
     * @throws IOException if a file cannot be read
     */
    public static IdxImageSource open(Path imagesFile, Path labelsFile, int resolution,
            int channels) throws IOException {
        Idx.IdxArray images = Idx.read(imagesFile);
        if (images.shape().length != 3) {
            throw new DataFormatException(imagesFile, "expected images of shape (N, H, W), found "
                    + java.util.Arrays.toString(images.shape()));
        }
        Idx.IdxArray labels = null;
        if (labelsFile != null) {
            labels = Idx.read(labelsFile);
            if (labels.shape().length != 1 || labels.shape()[0] != images.shape()[0]) {
                throw new DataFormatException(labelsFile, "expected " + images.shape()[0]
                        + " labels to match " + imagesFile.getFileName() + ", found shape "
                        + java.util.Arrays.toString(labels.shape()));
            }
        }
        return new IdxImageSource(imagesFile, images, labels, resolution, channels);
    }

    /**
     * Opens the images of one split in a directory of IDX files.
     *
     * @param directory the directory, for example {@code /usr/share/datasets/fashion-mnist}
     * @param split the file prefix, {@code t10k} (test) or {@code train}
     * @param resolution the side length the images are padded or resized to
     * @param channels 1, or 3 to repeat the grey values
     * @return the source
     * @throws DataFormatException if the files are missing or malformed
     * @throws IOException if a file cannot be read
     */
    public static IdxImageSource openSplit(Path directory, String split, int resolution,
            int channels) throws IOException {
        Path images = find(directory, split + "-images-idx3-ubyte");
        Path labels = find(directory, split + "-labels-idx1-ubyte");
        return open(images, labels, resolution, channels);
    }

    /**
     * Finds the labels file that goes with an images file by the MNIST naming convention.
     *
     * @param imagesFile for example {@code t10k-images-idx3-ubyte.gz}
     * @return the labels file, if it exists
     */
    public static java.util.Optional<Path> labelsFor(Path imagesFile) {
        String name = imagesFile.getFileName().toString();
        if (!name.contains("images-idx3")) {
            return java.util.Optional.empty();
        }
        Path labels = imagesFile.resolveSibling(name.replace("images-idx3", "labels-idx1"));
        return Files.isRegularFile(labels) ? java.util.Optional.of(labels)
                : java.util.Optional.empty();
    }

    private static Path find(Path directory, String stem) throws DataFormatException {
        for (String name : new String[] {stem, stem + ".gz"}) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new DataFormatException(directory, "no " + stem + " or " + stem + ".gz here");
    }

    @Override
    public int size() {
        return images.shape()[0];
    }

    @Override
    public LabeledImage get(int index) {
        java.util.Objects.checkIndex(index, size());
        int[] pixels = new int[height * width];
        int offset = index * height * width;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = images.getInt(offset + i);
        }
        int classId = labels == null ? -1 : labels.getInt(index);
        return new LabeledImage(ImageTensors.fromGrey(pixels, height, width, resolution,
                channels), classId, imagesFile.getFileName() + "#" + index);
    }

    @Override
    public Map<Integer, String> classNames() {
        return Map.of();
    }

    @Override
    public String description() {
        return imagesFile.toString();
    }
}
